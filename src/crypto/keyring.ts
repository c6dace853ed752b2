import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

const SEALED_PREFIX = 'v1.';

/**
 * Keys derived from `TWOFOLD_SECRET_KEY` with HKDF-SHA256, one per purpose, so a
 * key used to encrypt never also serves to MAC.
 */
export class Keyring {
  readonly #encryptionKey: Buffer;
  readonly #codeKey: Buffer;
  readonly #identifierKey: Buffer;
  readonly #browserKey: Buffer;

  /** @param masterKey 32 random bytes. */
  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('TWOFOLD_SECRET_KEY must decode to exactly 32 bytes');
    this.#encryptionKey = Buffer.from(
      hkdfSync('sha256', masterKey, Buffer.alloc(0), 'twofold/factor-secrets/v1', 32),
    );
    this.#codeKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'twofold/code-hashes/v1', 32));
    this.#identifierKey = Buffer.from(
      hkdfSync('sha256', masterKey, Buffer.alloc(0), 'twofold/identifiers/v1', 32),
    );
    this.#browserKey = Buffer.from(
      hkdfSync('sha256', masterKey, Buffer.alloc(0), 'twofold/known-browsers/v1', 32),
    );
  }

  /** Parses the base64 form of the environment variable. */
  static fromBase64(value: string): Keyring {
    return new Keyring(Buffer.from(value.trim(), 'base64'));
  }

  /**
   * AES-256-GCM with a random 96-bit IV; `context` (the row id) is bound as
   * additional authenticated data, so a ciphertext moved to another row fails to open.
   */
  seal(plaintext: Buffer, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#encryptionKey, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return SEALED_PREFIX + Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
  }

  /** Opens what {@link seal} produced; throws when the key, context or data do not match. */
  open(sealed: string, context: string): Buffer {
    if (!sealed.startsWith(SEALED_PREFIX)) throw new Error('unknown sealed format');
    const raw = Buffer.from(sealed.slice(SEALED_PREFIX.length), 'base64url');
    const iv = raw.subarray(0, 12);
    const tag = raw.subarray(raw.length - 16);
    const decipher = createDecipheriv('aes-256-gcm', this.#encryptionKey, iv);
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]);
  }

  /**
   * Salted, keyed hash of a short one-time code (backup, email, SMS codes):
   * `salt.HMAC-SHA256(key, salt || code)`. The key (a pepper that never sits in the
   * database) makes a stolen database useless for brute-forcing 50-bit codes.
   */
  hashCode(code: string, salt: string = randomBytes(16).toString('base64url')): string {
    const mac = createHmac('sha256', this.#codeKey)
      .update(salt)
      .update('\0')
      .update(code)
      .digest('base64url');
    return `${salt}.${mac}`;
  }

  /**
   * Keyed, unsalted hash of an identifier (an email, an IP) for lookups such as
   * rate-limit keys: the same input always gives the same 43 characters, and
   * without the key a database or Redis dump does not say who was throttled.
   */
  hashIdentifier(value: string): string {
    return createHmac('sha256', this.#identifierKey).update(value).digest('base64url');
  }

  /** MAC of a known-browser mark (see `services/known-browser.ts`). */
  macBrowser(value: string): string {
    return createHmac('sha256', this.#browserKey).update(value).digest('base64url');
  }

  /** Constant-time check of `code` against a {@link hashCode} result. */
  verifyCode(code: string, stored: string): boolean {
    const dot = stored.indexOf('.');
    if (dot < 0) return false;
    const expected = Buffer.from(stored, 'utf8');
    const actual = Buffer.from(this.hashCode(code, stored.slice(0, dot)), 'utf8');
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }
}
