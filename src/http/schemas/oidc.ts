import { z } from 'zod';
import { emailField, passwordField } from './common.js';

/**
 * A redirect URI: absolute, no fragment (RFC 6749 §3.1.2), matched exactly. http only
 * for loopback hosts unless it is another scheme (native apps' private-use schemes).
 */
const redirectUri = z
  .string()
  .trim()
  .max(2000)
  .refine((value) => {
    try {
      const url = new URL(value);
      if (url.hash || value.includes('#')) return false;
      if (url.protocol === 'http:') return true;
      if (url.protocol === 'https:') return true;
      return /^[a-z][a-z0-9+.-]*\.[a-z0-9+.-]+:$/i.test(url.protocol); // reverse-domain private-use scheme
    } catch {
      return false;
    }
  }, 'must be an absolute http(s) URL without a fragment');

const uris = z.array(redirectUri).max(20);

export const createClientBody = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(100),
  redirectUris: uris.min(1, 'needs at least one URI'),
  postLogoutRedirectUris: uris.optional(),
  type: z.enum(['confidential', 'public']),
  firstParty: z.boolean().optional(),
  requireMfa: z.boolean().optional(),
});

export const updateClientBody = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(100).optional(),
  redirectUris: uris.min(1, 'needs at least one URI').optional(),
  postLogoutRedirectUris: uris.optional(),
  type: z.enum(['confidential', 'public']).optional(),
  firstParty: z.boolean().optional(),
  requireMfa: z.boolean().optional(),
});

export const clientParams = z.object({ clientId: z.string().min(1).max(100) });

export const interactionParams = z.object({ uid: z.string().min(1).max(100) });

export const interactionLoginBody = z.object({ email: emailField, password: passwordField });

export const consentBody = z.strictObject({ approve: z.boolean() });
