import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';

/**
 * A software WebAuthn authenticator for API tests: real P-256 keys (node:crypto),
 * `none` attestation, real CBOR and authenticator data, so @simplewebauthn/server
 * checks exactly what it checks for a hardware key.
 */

type Cbor = number | string | Uint8Array | Cbor[] | Map<Cbor, Cbor> | { [key: string]: Cbor } | boolean;

function head(major: number, length: number): Buffer {
  if (length < 24) return Buffer.from([(major << 5) | length]);
  if (length < 0x100) return Buffer.from([(major << 5) | 24, length]);
  if (length < 0x10000) {
    const b = Buffer.alloc(3);
    b[0] = (major << 5) | 25;
    b.writeUInt16BE(length, 1);
    return b;
  }
  const b = Buffer.alloc(5);
  b[0] = (major << 5) | 26;
  b.writeUInt32BE(length, 1);
  return b;
}

/** A minimal CBOR encoder (RFC 8949): the types attestation objects and COSE keys use, definite lengths. */
export function encodeCbor(value: Cbor): Buffer {
  if (typeof value === 'boolean') return Buffer.from([value ? 0xf5 : 0xf4]);
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([head(3, bytes.length), bytes]);
  }
  if (value instanceof Uint8Array) return Buffer.concat([head(2, value.length), Buffer.from(value)]);
  if (Array.isArray(value)) return Buffer.concat([head(4, value.length), ...value.map(encodeCbor)]);
  const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
  return Buffer.concat([
    head(5, entries.length),
    ...entries.flatMap(([k, v]) => [encodeCbor(k), encodeCbor(v)]),
  ]);
}

const b64url = (bytes: Uint8Array | Buffer) => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();

export interface SoftCredential {
  id: Buffer;
  privateKey: KeyObject;
  rpId: string;
  userHandle: string | null;
  counter: number;
}

export interface AuthenticatorOptions {
  /** The origin the "browser" reports in clientDataJSON. */
  origin: string;
  /** User verification (PIN, biometrics) happens. Default true. */
  userVerified?: boolean;
  /** A synced passkey: backup eligible and backed up (flags BE, BS). Default false. */
  synced?: boolean;
  /** Counter behaviour: `increment` (a security key) or `zero` (synced passkeys). Default increment. */
  counter?: 'increment' | 'zero';
}

/** Overrides for one ceremony: what a phishing page or a cloned key would send. */
export interface CeremonyOverrides {
  origin?: string;
  rpId?: string;
  challenge?: string;
  counter?: number;
  userVerified?: boolean;
}

export class SoftAuthenticator {
  readonly credentials: SoftCredential[] = [];
  constructor(readonly options: AuthenticatorOptions) {}

  private flags(extra: number, uv: boolean): number {
    let f = 0x01 | extra; // UP
    if (uv) f |= 0x04;
    if (this.options.synced) f |= 0x08 | 0x10;
    return f;
  }

  private nextCounter(credential: SoftCredential, override?: number): number {
    if (override !== undefined) return override;
    if (this.options.counter === 'zero') return 0;
    credential.counter += 1;
    return credential.counter;
  }

  /** Answers `navigator.credentials.create(options)` (PublicKeyCredentialCreationOptionsJSON). */
  // biome-ignore lint/suspicious/noExplicitAny: options are the server's JSON
  register(options: any, overrides: CeremonyOverrides = {}) {
    const rpId: string = overrides.rpId ?? options.rp.id;
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const id = randomBytes(32);
    const credential: SoftCredential = {
      id,
      privateKey,
      rpId,
      userHandle: options.user?.id ?? null,
      counter: 0,
    };
    const cose = new Map<Cbor, Cbor>([
      [1, 2], // kty: EC2
      [3, -7], // alg: ES256
      [-1, 1], // crv: P-256
      [-2, Buffer.from(jwk.x!, 'base64url')],
      [-3, Buffer.from(jwk.y!, 'base64url')],
    ]);
    const counter = Buffer.alloc(4);
    const credLen = Buffer.alloc(2);
    credLen.writeUInt16BE(id.length);
    const authData = Buffer.concat([
      sha256(rpId),
      Buffer.from([this.flags(0x40, overrides.userVerified ?? this.options.userVerified ?? true)]),
      counter,
      Buffer.alloc(16), // aaguid
      credLen,
      id,
      encodeCbor(cose),
    ]);
    const clientDataJSON = Buffer.from(
      JSON.stringify({
        type: 'webauthn.create',
        challenge: overrides.challenge ?? options.challenge,
        origin: overrides.origin ?? this.options.origin,
        crossOrigin: false,
      }),
    );
    const attestationObject = encodeCbor({ fmt: 'none', attStmt: {}, authData });
    this.credentials.push(credential);
    return {
      id: b64url(id),
      rawId: b64url(id),
      type: 'public-key',
      response: {
        clientDataJSON: b64url(clientDataJSON),
        attestationObject: b64url(attestationObject),
        transports: ['usb'],
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'cross-platform',
    };
  }

  /** Answers `navigator.credentials.get(options)`; with no allowCredentials, a discoverable credential. */
  // biome-ignore lint/suspicious/noExplicitAny: options are the server's JSON
  authenticate(options: any, overrides: CeremonyOverrides & { credential?: SoftCredential } = {}) {
    const allowed: string[] = (options.allowCredentials ?? []).map((c: { id: string }) => c.id);
    const credential =
      overrides.credential ??
      this.credentials.find((c) => allowed.length === 0 || allowed.includes(b64url(c.id)));
    if (!credential) throw new Error('no credential of this authenticator is allowed');
    const rpId = overrides.rpId ?? options.rpId ?? credential.rpId;
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(this.nextCounter(credential, overrides.counter));
    const authData = Buffer.concat([
      sha256(rpId),
      Buffer.from([this.flags(0, overrides.userVerified ?? this.options.userVerified ?? true)]),
      counter,
    ]);
    const clientDataJSON = Buffer.from(
      JSON.stringify({
        type: 'webauthn.get',
        challenge: overrides.challenge ?? options.challenge,
        origin: overrides.origin ?? this.options.origin,
        crossOrigin: false,
      }),
    );
    const signature = sign(
      'sha256',
      Buffer.concat([authData, sha256(clientDataJSON)]),
      credential.privateKey,
    );
    return {
      id: b64url(credential.id),
      rawId: b64url(credential.id),
      type: 'public-key',
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        ...(credential.userHandle ? { userHandle: credential.userHandle } : {}),
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'cross-platform',
    };
  }
}
