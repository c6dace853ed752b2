/** The name every message is signed with, unless the recipient's organization sets its own. */
export const PRODUCT_NAME = 'Twofold';

/** The longest organization product name, in UTF-16 code units (it goes into email subjects and SMS). */
export const PRODUCT_NAME_MAX_LENGTH = 60;

/**
 * Characters a product name may not hold: control characters (CR and LF among them,
 * which would end an email header — header injection), format characters (bidi
 * overrides that reorder what the reader sees) and the Unicode line and paragraph
 * separators.
 */
const FORBIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/**
 * Why `name` (already trimmed) cannot be a product name, or null when it can.
 * @example productNameProblem('Acme\r\nBcc: x@example.com') // 'must not contain control characters or line breaks'
 */
export function productNameProblem(name: string): string | null {
  if (name.length < 1) return 'must not be empty';
  if (name.length > PRODUCT_NAME_MAX_LENGTH) return `must be at most ${PRODUCT_NAME_MAX_LENGTH} characters`;
  if (FORBIDDEN.test(name)) return 'must not contain control characters or line breaks';
  return null;
}

/**
 * The product name messages to a member of an organization carry: the organization's
 * own when it is set and valid, else the system's. A stored value that is not valid
 * (written around the API) is ignored rather than sent: it could end a header.
 * @example messageProductName(null) // 'Twofold'
 */
export function messageProductName(orgProductName: string | null | undefined): string {
  if (orgProductName == null) return PRODUCT_NAME;
  const valid = orgProductName === orgProductName.trim() && productNameProblem(orgProductName) === null;
  return valid ? orgProductName : PRODUCT_NAME;
}
