import { z } from 'zod';
import { emailField, idField, newPasswordField, passwordField } from './common.js';

export const sessionParams = z.object({ id: idField });

export const adminSessionParams = z.object({ id: idField, sessionId: idField });

/** `?others=true` keeps the calling session ("sign out everywhere else"); without it every session ends. */
export const endSessionsQuery = z.object({
  others: z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .transform((v) => v === 'true' || v === '1'),
});

export const forgotPasswordBody = z.object({ email: emailField });

/** The new password meets the sign-up rules (`newPasswordField`, shared with sign-up). */
export const resetPasswordBody = z.object({
  token: z.string().min(1, 'is required').max(200),
  password: newPasswordField,
});

/** `POST /api/auth/email/verify`: the token from the link's fragment. */
export const verifyEmailBody = z.object({ token: z.string().min(1, 'is required').max(200) });

export const changePasswordBody = z.object({
  currentPassword: passwordField,
  newPassword: newPasswordField,
});
