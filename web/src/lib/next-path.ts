/**
 * Where a sign-in may send the browser afterwards (`/signin?next=…`): only a path on this
 * origin. Everything that a browser could read as another origin or a script is refused —
 * `//evil.example`, `/\evil.example` (browsers read `\` as `/`), `javascript:…`, absolute
 * URLs, control characters and whitespace that URL parsing strips — and so are pages that
 * would loop back into signing in or leave the UI for raw API answers.
 *
 * Pure (no DOM): `origin` is `window.location.origin` in the browser.
 * @returns the normalized path, search and hash, or `null` when `raw` is not acceptable.
 * @example safeNextPath('/admin/users?q=ann', 'https://2fa.example.com') // '/admin/users?q=ann'
 * @example safeNextPath('//evil.example/', 'https://2fa.example.com') // null
 */
export function safeNextPath(raw: string | null | undefined, origin: string): string | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2048) return null;
  // A relative path, and nothing a URL parser would strip or reinterpret first.
  if (!raw.startsWith('/') || raw.startsWith('//')) return null;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\\\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200f\u2028\u2029\u202f\u205f\u3000\ufeff]/.test(raw))
    return null;
  let url: URL;
  try {
    url = new URL(raw, origin);
  } catch {
    return null;
  }
  if (url.origin !== origin || url.username || url.password) return null;
  const path = url.pathname;
  // After normalization (`/./`, `/x/../`, percent-decoding of dots) it must still be ours.
  if (path.startsWith('//')) return null;
  if (/^\/(signin|signup|api)(\/|$)/.test(path)) return null;
  return `${path}${url.search}${url.hash}`;
}

/** `safeNextPath`, or `fallback` when the value is missing or refused. */
export function nextPathOr(raw: string | null | undefined, origin: string, fallback: string): string {
  return safeNextPath(raw, origin) ?? fallback;
}
