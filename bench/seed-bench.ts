import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { Keyring } from '../src/crypto/keyring.js';
import { hashToken, randomToken } from '../src/crypto/random.js';
import { decodeBase32 } from '../src/domain/base32.js';
import { API_KEY_PREFIX } from '../src/services/admin/api-keys.js';
import type { Stores } from '../src/storage/stores.js';
import { seedPendingSignIn, seedSession, seedUserWithTOTP } from '../test/helpers/seed.js';
import { encodeCbor, type SoftCredential } from '../test/helpers/webauthn-authenticator.js';

/** Where the bench's OpenID Connect client says it lives (nothing listens; the code is read off the redirect). */
export const BENCH_RP_CALLBACK = 'https://rp.bench.test/callback';

export const BENCH_PASSWORD = 'correct horse battery staple';

/** What the load runs need: pending sign-ins, login emails, session tokens, a locked account. */
export interface BenchPools {
  /** One pending sign-in per user, for the verify run (each used once). */
  verify: Array<{ mfaToken: string; secret: Buffer }>;
  /** Users with two pending sign-ins each: a warm-up round and a measured round (flatness check). */
  flat: Array<{ warmToken: string; measureToken: string; secret: Buffer }>;
  /** Emails of users with 2FA and backup codes, for the password step. */
  loginEmails: string[];
  /** Session tokens, for the authenticated read. */
  sessionTokens: string[];
  /** A pending sign-in of a locked account, for the refusal run. */
  lockedMfaToken: string;
  /** Emails and remembered-browser cookies (one per user, each used once: it rotates). */
  remembered: Array<{ email: string; cookie: string }>;
  /** The verify API: a key, and users it created (by externalId) with a TOTP factor each. */
  verifyApi: { key: string; users: Array<{ externalId: string; secret: Buffer }> };
  /** Pending sign-ins of users with a security key (a P-256 key held here), each used once. */
  webauthn: Array<{ mfaToken: string; credential: SoftCredential }>;
  /** An OpenID Connect client (confidential, first party) and a TOTP user to sign in through it. */
  oidc: { clientId: string; clientSecret: string; email: string; secret: Buffer } | null;
}

export interface SeedPlan {
  /** Enrolled users in total (every one with a confirmed TOTP factor). */
  users: number;
  verify: number;
  flat: number;
  login: number;
  sessions: number;
  /** Users with a remembered browser (password sign-in without the second step). */
  remembered?: number;
  /** API users for the verify API (created apart from `users`). */
  verifyApi?: number;
  /** Users with a security key and a pending sign-in each (created apart from `users`). */
  webauthn?: number;
  /** Seed an OpenID Connect client and its user. */
  oidc?: boolean;
}

/** Runs `fn` for 0..n-1 with at most `concurrency` in flight. */
async function forEachLimited(
  n: number,
  concurrency: number,
  fn: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, n) }, async () => {
      while (next < n) await fn(next++);
    }),
  );
}

/**
 * Seeds the database through the repositories: `plan.users` users with a
 * confirmed authenticator app (secrets sealed under `keyring`, the server's key),
 * pending sign-ins and sessions stored directly (no argon2-bound login per user;
 * every user shares one real argon2id hash of {@link BENCH_PASSWORD}).
 */
export async function seedBench(
  stores: Stores,
  keyring: Keyring,
  options: {
    plan: SeedPlan;
    passwordHash: string;
    now: Date;
    concurrency: number;
    onProgress?: (done: number) => void;
  },
): Promise<BenchPools> {
  const { plan, passwordHash, now } = options;
  const pools: BenchPools = {
    verify: [],
    flat: [],
    loginEmails: [],
    sessionTokens: [],
    lockedMfaToken: '',
    remembered: [],
    verifyApi: { key: '', users: [] },
    webauthn: [],
    oidc: null,
  };
  const remembered = plan.remembered ?? 0;
  const special = plan.verify + plan.flat + plan.login + remembered;
  const firstRemembered = plan.verify + plan.flat + plan.login;
  if (special + 1 > plan.users) throw new Error(`seed plan needs more than ${plan.users} users`);
  let done = 0;
  await forEachLimited(plan.users, options.concurrency, async (i) => {
    const isLogin = i >= plan.verify + plan.flat && i < firstRemembered;
    const isRemembered = i >= firstRemembered && i < special;
    const user = await seedUserWithTOTP(stores, keyring, {
      passwordHash,
      password: BENCH_PASSWORD,
      now,
      email: `bench-${i}@example.com`,
      backupCodeCount: isLogin ? 10 : 0,
    });
    const secret = decodeBase32(user.secret);
    if (i < plan.verify) {
      pools.verify.push({ mfaToken: await seedPendingSignIn(stores, user.userId, now, 3600), secret });
    } else if (i < plan.verify + plan.flat) {
      const warmToken = await seedPendingSignIn(stores, user.userId, now, 3600);
      pools.flat.push({
        warmToken,
        measureToken: await seedPendingSignIn(stores, user.userId, now, 3600),
        secret,
      });
    } else if (isLogin) {
      pools.loginEmails.push(user.email);
    } else if (isRemembered) {
      // What "don't ask again on this browser" stores (services/sign-in/remembered-browsers.ts).
      const id = randomToken(16);
      const token = randomToken(32);
      await stores.rememberedBrowsers.create({
        id,
        userId: user.userId,
        tokenHash: hashToken(token),
        now,
        expiresAt: new Date(now.getTime() + 30 * 86_400_000),
        ip: null,
        userAgent: null,
      });
      pools.remembered.push({ email: user.email, cookie: `${id}.${token}` });
    } else if (pools.sessionTokens.length < plan.sessions) {
      pools.sessionTokens.push(await seedSession(stores, user.userId, now));
    }
    if (i === special) {
      // The locked account: its failure budget spent, locked for an hour, with a live pending sign-in.
      const { limits } = await stores.settings.getPolicy();
      for (let k = 0; k < limits.maxConsecutiveFailures; k++)
        await stores.users.reserveFailureSlot(user.userId, limits.maxConsecutiveFailures, now);
      await stores.users.lockIfExhausted(
        user.userId,
        limits.maxConsecutiveFailures,
        new Date(now.getTime() + 3_600_000),
      );
      pools.lockedMfaToken = await seedPendingSignIn(stores, user.userId, now, 3600);
    }
    done += 1;
    if (done % 5000 === 0) options.onProgress?.(done);
  });
  if (remembered > 0) {
    const policy = await stores.settings.getPolicy();
    await stores.settings.savePolicy({ ...policy, rememberBrowser: { enabled: true, days: 30 } }, now);
  }
  if ((plan.verifyApi ?? 0) > 0)
    pools.verifyApi = await seedVerifyApi(stores, keyring, plan.verifyApi!, options);
  if ((plan.webauthn ?? 0) > 0) pools.webauthn = await seedWebAuthn(stores, plan.webauthn!, options);
  if (plan.oidc) pools.oidc = await seedOidc(stores, keyring, options);
  return pools;
}

/**
 * `count` users with a confirmed security key — what a registration stores: the
 * credential id and its COSE public key — and a pending sign-in each. The private
 * keys stay here, for the software authenticator of test/helpers to sign with.
 */
async function seedWebAuthn(
  stores: Stores,
  count: number,
  options: { passwordHash: string; now: Date; concurrency: number },
): Promise<BenchPools['webauthn']> {
  const { now } = options;
  const out: BenchPools['webauthn'] = [];
  await forEachLimited(count, options.concurrency, async (i) => {
    const user = await stores.users.create({
      email: `bench-key-${i}@example.com`,
      passwordHash: options.passwordHash,
      role: 'member',
      now,
    });
    const factorId = stores.factors.newId();
    await stores.factors.createPending({
      id: factorId,
      userId: user.id,
      type: 'webauthn',
      label: 'Key',
      now,
    });
    await stores.factors.confirm(factorId, user.id, now, null);
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const cose = new Map<number, number | Buffer>([
      [1, 2], // kty: EC2
      [3, -7], // alg: ES256
      [-1, 1], // crv: P-256
      [-2, Buffer.from(jwk.x!, 'base64url')],
      [-3, Buffer.from(jwk.y!, 'base64url')],
    ]);
    const id = randomBytes(32);
    await stores.webauthn.addCredential({
      factorId,
      userId: user.id,
      credentialId: id.toString('base64url'),
      publicKey: new Uint8Array(encodeCbor(cose)),
      counter: 0,
      transports: ['usb'],
      deviceType: 'singleDevice',
      backedUp: false,
      now,
    });
    out.push({
      mfaToken: await seedPendingSignIn(stores, user.id, now, 3600),
      credential: { id, privateKey, rpId: 'localhost', userHandle: null, counter: 0 },
    });
  });
  return out;
}

/** A confidential first-party client (no consent page) as services/admin/oidc-clients.ts stores one, and a TOTP user. */
async function seedOidc(
  stores: Stores,
  keyring: Keyring,
  options: { passwordHash: string; now: Date },
): Promise<NonNullable<BenchPools['oidc']>> {
  const { now } = options;
  const clientId = randomToken(16);
  const clientSecret = randomToken(32);
  await stores.oidcClients.create({
    clientId,
    name: 'Bench app',
    secretHash: keyring.hashCode(clientSecret),
    redirectUris: [BENCH_RP_CALLBACK],
    postLogoutRedirectUris: [],
    type: 'confidential',
    firstParty: true,
    requireMfa: false,
    createdAt: now,
    updatedAt: now,
  });
  const user = await seedUserWithTOTP(stores, keyring, {
    passwordHash: options.passwordHash,
    password: BENCH_PASSWORD,
    now,
    email: 'bench-oidc@example.com',
    backupCodeCount: 0,
  });
  return { clientId, clientSecret, email: user.email, secret: decodeBase32(user.secret) };
}

/** An API key (as services/admin/api-keys.ts makes one) and `count` API users with a confirmed TOTP factor. */
async function seedVerifyApi(
  stores: Stores,
  keyring: Keyring,
  count: number,
  options: { passwordHash: string; now: Date; concurrency: number },
): Promise<BenchPools['verifyApi']> {
  const { now } = options;
  const key = `${API_KEY_PREFIX}${randomToken(32)}`;
  await stores.apiKeys.create({
    name: 'bench',
    keyHash: hashToken(key),
    keyPrefix: key.slice(0, API_KEY_PREFIX.length + 6),
    orgId: null,
    createdBy: null,
    now,
  });
  const users: BenchPools['verifyApi']['users'] = [];
  await forEachLimited(count, options.concurrency, async (i) => {
    const externalId = `bench-api-${i}`;
    const { user } = await stores.users.findOrCreateByExternalId({
      externalId,
      email: `${externalId}@example.com`,
      passwordHash: options.passwordHash,
      orgId: null,
      now,
    });
    const secret = randomBytes(20);
    const factorId = stores.factors.newId();
    await stores.factors.createPending({
      id: factorId,
      userId: user.id,
      type: 'totp',
      label: 'Authenticator app',
      secretSealed: keyring.seal(secret, factorId),
      now,
    });
    await stores.factors.confirm(factorId, user.id, now, null);
    users.push({ externalId, secret });
  });
  return { key, users };
}
