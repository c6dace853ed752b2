import { api } from '../lib/api.js';

/**
 * An application's pending sign-in request (OpenID Connect): `?interaction=<uid>`
 * on the sign-in and consent pages. Only the provider's uid alphabet is accepted,
 * and the page never navigates anywhere the server did not name.
 */
export function interactionOf(params: URLSearchParams): string | null {
  const uid = params.get('interaction');
  return uid && /^[A-Za-z0-9_-]{1,100}$/.test(uid) ? uid : null;
}

/** After the sign-in: the server hands the request back to the provider and names where to go. */
export async function returnToApplication(uid: string): Promise<void> {
  const { redirectTo } = await api.post<{ redirectTo: string }>(
    `/interaction/${encodeURIComponent(uid)}/complete`,
    {},
  );
  window.location.assign(safeRedirect(redirectTo));
}

/** The provider's resume URL is on this server; anything else is refused (no open redirect). */
export function safeRedirect(target: string): string {
  const url = new URL(target, window.location.origin);
  if (url.origin !== window.location.origin || !url.pathname.startsWith('/oidc/')) {
    throw new Error('Unexpected redirect target.');
  }
  return url.href;
}
