import { isIP } from 'node:net';
import type { AppConfig } from '../../config/config.js';
import { isLoopbackOrigin } from '../../http/origin.js';

/**
 * Why `rpId` cannot be the WebAuthn relying party id, or null when it can: browsers
 * refuse an IP address (Chromium refuses even 127.0.0.1), and the id must be the
 * host of PUBLIC_URL or a parent domain of it (WebAuthn §5.1.3, "registrable suffix").
 */
export function relyingPartyIdProblem(rpId: string, publicUrl: string | undefined): string | null {
  const bare = rpId.replace(/^\[|\]$/g, '');
  if (isIP(bare) !== 0)
    return `"${rpId}" is an IP address; browsers refuse WebAuthn for IP addresses (Chromium refuses 127.0.0.1): use a domain name, e.g. localhost`;
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(rpId))
    return `"${rpId}" is not a domain name`;
  if (publicUrl) {
    const host = new URL(publicUrl).hostname;
    if (host !== rpId && !host.endsWith(`.${rpId}`))
      return `"${rpId}" must be the host of PUBLIC_URL (${host}) or a parent domain of it`;
  }
  return null;
}

/** Who the security keys and passkeys of this server belong to, and where their answers may come from. */
export interface RelyingParty {
  rpID: string;
  rpName: string;
  /** PUBLIC_URL's origin, matched exactly; null without PUBLIC_URL: any loopback origin (development). */
  origin: string | null;
}

/**
 * The relying party of `config`: `WEBAUTHN_RP_ID`, else the host of PUBLIC_URL, else
 * `localhost` (development). Null (WebAuthn is then neither offered nor accepted) in production
 * without PUBLIC_URL, and when PUBLIC_URL's host is an IP address: no browser would use a key there. An explicit IP address in
 * WEBAUTHN_RP_ID stops the server at start instead (config.ts).
 */
export function resolveRelyingParty(
  config: Pick<AppConfig, 'publicUrl' | 'webauthnRpId'> & { production?: boolean },
): RelyingParty | null {
  // In production the origin is matched exactly, so it must be known: PUBLIC_URL.
  if (config.production && !config.publicUrl) return null;
  const origin = config.publicUrl ? new URL(config.publicUrl).origin : null;
  const rpID = config.webauthnRpId ?? (config.publicUrl ? new URL(config.publicUrl).hostname : 'localhost');
  if (relyingPartyIdProblem(rpID, config.publicUrl) !== null) return null;
  return { rpID, rpName: 'Twofold', origin };
}

/** Why WebAuthn is off under `config`, for the start-up log; null when it is on. */
export function relyingPartyUnavailableReason(
  config: Pick<AppConfig, 'publicUrl' | 'webauthnRpId'> & { production?: boolean },
): string | null {
  if (resolveRelyingParty(config)) return null;
  if (!config.publicUrl)
    return 'security keys and passkeys are off: set PUBLIC_URL (in production their origin is matched exactly)';
  const rpID = config.webauthnRpId ?? new URL(config.publicUrl!).hostname;
  return `security keys and passkeys are off: ${relyingPartyIdProblem(rpID, config.publicUrl)} (set PUBLIC_URL to a domain name, or WEBAUTHN_RP_ID)`;
}

/**
 * The origin an answer must come from: PUBLIC_URL's exactly; without PUBLIC_URL, the
 * loopback origin the answer names (like the rest of the code for development), or
 * null when the answer names no acceptable origin.
 */
export function expectedOriginFor(rp: RelyingParty, claimedOrigin: string | null): string | null {
  if (rp.origin) return rp.origin;
  return claimedOrigin && isLoopbackOrigin(claimedOrigin) ? claimedOrigin : null;
}
