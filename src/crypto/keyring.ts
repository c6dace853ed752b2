import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

/** v1: `v1.<base64url(iv|ciphertext|tag)>` (which key is unknown); v2 names the key: `v2.<keyId>.<…>`. */
const V1_PREFIX = 'v1.';
const V2_PREFIX = 'v2.';

/** The plaintext of the key check value (stored at first start, opened at every start). */
const CHECK_PLAINTEXT = Buffer.from('twofold key check', 'utf8');
const CHECK_CONTEXT = 'twofold/key-check';

/**
 * A stored secret could not be opened with any configured key (wrong or missing
 * key, or damaged data). A fault of the server, never of the user: it answers
 * 500 and does not count toward the user's lockout.
 */
export class SecretUnreadableError extends Error {
  override name = 'SecretUnreadableError';
}

interface DerivedKey {
  /** 8 hex characters naming the key in what it sealed (not secret: a hash of a derived value). */
  id: string;
  encryption: Buffer;
  code: Buffer;
  /** Keyed hashes of identifiers (rate-limit keys); only the current key's are made. */
  identifier: Buffer;
  /** MACs of known-browser marks; only the current key's are accepted (a rotation forgets them). */
  browser: Buffer;
}

function derive(masterKey: Buffer): DerivedKey {
  if (masterKey.length !== 32) throw new Error('TWOFOLD_SECRET_KEY must decode to exactly 32 bytes');
  const idKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'twofold/key-id/v1', 32));
  return {
    id: createHash('sha256').update(idKey).digest('hex').slice(0, 8),
    encryption: Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'twofold/factor-secrets/v1', 32)),
    code: Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'twofold/code-hashes/v1', 32)),
    identifier: Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'twofold/identifiers/v1', 32)),
    browser: Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'twofold/known-browsers/v1', 32)),
  };
}

/**
 * Keys derived from `TWOFOLD_SECRET_KEY` with HKDF-SHA256, one per purpose, so a
 * key used to encrypt never also serves to MAC. Several master keys may be
 * given (`TWOFOLD_SECRET_KEYS`, newest first): the first seals and hashes, every
 * one opens and verifies, so keys rotate without a stop (`twofold rotate-key`).
 */
export class Keyring {
  readonly #keys: DerivedKey[];

  /** @param masterKeys 32 random bytes, or several such keys, the current one first. */
  constructor(masterKeys: Buffer | readonly Buffer[]) {
    const list = Buffer.isBuffer(masterKeys) ? [masterKeys] : [...masterKeys];
    if (list.length === 0) throw new Error('a keyring needs at least one key');
    this.#keys = list.map(derive);
  }

  /** Parses the base64 form of the environment variable (one key, or several separated by commas). */
  static fromBase64(value: string): Keyring {
    return new Keyring(
      value
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean)
        .map((part) => Buffer.from(part, 'base64')),
    );
  }

  /** Id of the key that seals (the first one). */
  get currentKeyId(): string {
    return this.#keys[0]!.id;
  }

  /** Ids of every configured key, current first. */
  get keyIds(): string[] {
    return this.#keys.map((k) => k.id);
  }

  /**
   * AES-256-GCM with a random 96-bit IV under the current key; `context` (the row
   * id) is bound as additional authenticated data, so a ciphertext moved to
   * another row fails to open.
   */
  seal(plaintext: Buffer, context: string): string {
    const key = this.#keys[0]!;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key.encryption, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return `${V2_PREFIX}${key.id}.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')}`;
  }

  /**
   * Opens what {@link seal} produced, with whichever configured key sealed it.
   * @throws SecretUnreadableError when no configured key, or not this context, opens it.
   */
  open(sealed: string, context: string): Buffer {
    let candidates: DerivedKey[];
    let payload: string;
    if (sealed.startsWith(V2_PREFIX)) {
      const dot = sealed.indexOf('.', V2_PREFIX.length);
      const id = sealed.slice(V2_PREFIX.length, dot);
      payload = sealed.slice(dot + 1);
      candidates = this.#keys.filter((k) => k.id === id);
      if (dot < 0 || candidates.length === 0)
        throw new SecretUnreadableError(`sealed under key ${id}, which is not configured`);
    } else if (sealed.startsWith(V1_PREFIX)) {
      payload = sealed.slice(V1_PREFIX.length);
      candidates = this.#keys;
    } else {
      throw new SecretUnreadableError('unknown sealed format');
    }
    const raw = Buffer.from(payload, 'base64url');
    for (const key of candidates) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', key.encryption, raw.subarray(0, 12));
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(raw.subarray(raw.length - 16));
        return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]);
      } catch {}
    }
    throw new SecretUnreadableError('no configured key opens this secret');
  }

  /** True when `sealed` is already sealed under the current key (rotation skips it). */
  isSealedWithCurrentKey(sealed: string): boolean {
    return sealed.startsWith(`${V2_PREFIX}${this.currentKeyId}.`);
  }

  /** A value to store once: {@link opensCheckValue} tells later whether the configured keys are the right ones. */
  createCheckValue(): string {
    return this.seal(CHECK_PLAINTEXT, CHECK_CONTEXT);
  }

  /** Whether a configured key opens a value made by {@link createCheckValue}. */
  opensCheckValue(value: string): boolean {
    try {
      return this.open(value, CHECK_CONTEXT).equals(CHECK_PLAINTEXT);
    } catch {
      return false;
    }
  }

  /**
   * Salted, keyed hash of a short one-time code (backup, email, SMS codes):
   * `salt.HMAC-SHA256(key, salt || code)` under the current key. The key (a pepper
   * that never sits in the database) makes a stolen database useless for
   * brute-forcing 50-bit codes.
   */
  hashCode(code: string, salt: string = randomBytes(16).toString('base64url')): string {
    return this.#hashWith(this.#keys[0]!, code, salt);
  }

  #hashWith(key: DerivedKey, code: string, salt: string): string {
    const mac = createHmac('sha256', key.code).update(salt).update('\0').update(code).digest('base64url');
    return `${salt}.${mac}`;
  }

  /**
   * Keyed, unsalted hash of an identifier (an email, an IP) for lookups such as
   * rate-limit keys: the same input always gives the same 43 characters, and
   * without the key a database or Redis dump does not say who was throttled.
   * Made with the current key: after a rotation, running rate-limit windows start over.
   */
  hashIdentifier(value: string): string {
    return createHmac('sha256', this.#keys[0]!.identifier).update(value).digest('base64url');
  }

  /** MAC of a known-browser mark (see `services/sign-in/known-browser.ts`), under the current key. */
  macBrowser(value: string): string {
    return createHmac('sha256', this.#keys[0]!.browser).update(value).digest('base64url');
  }

  /**
   * Constant-time check of `code` against a {@link hashCode} result, under every
   * configured key: a hash cannot be re-keyed without its code, so codes hashed
   * before a rotation stay valid while their key is listed.
   */
  verifyCode(code: string, stored: string): boolean {
    const dot = stored.indexOf('.');
    if (dot < 0) return false;
    const expected = Buffer.from(stored, 'utf8');
    let ok = false;
    for (const key of this.#keys) {
      const actual = Buffer.from(this.#hashWith(key, code, stored.slice(0, dot)), 'utf8');
      if (expected.length === actual.length && timingSafeEqual(expected, actual)) ok = true;
    }
    return ok;
  }
}
