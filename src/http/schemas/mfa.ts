import { z } from 'zod';
import { codeField, idField } from './common.js';

export const totpSetupBody = z.object({ label: z.string().trim().max(100).optional() }).optional();

export const confirmBody = z.object({ factorId: idField, code: codeField });

export const preferredBody = z.object({ factorId: idField });

export const renameFactorBody = z.object({ label: z.string().trim().min(1, 'is required').max(100) });

export const factorParams = z.object({ id: idField });
