import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { ServiceContext } from '../services/context.js';

/** Signing algorithms of the ID tokens: RS256 (every client supports it) and ES256. */
export const SIGNING_ALGS = ['RS256', 'ES256'] as const;
export type SigningAlg = (typeof SIGNING_ALGS)[number];

/** How long a retired signing key stays published: longer than anything it signed lives. */
export const RETIRED_KEY_PUBLISHED_SECONDS = 24 * 3600;

export interface OidcKeys {
  /** Private JWKs for the provider, newest first (the first of each alg signs). */
  jwks: { keys: Record<string, unknown>[] };
  /** Keys that sign the provider's cookies, newest first. */
  cookieKeys: string[];
}

function generateSigningJWK(alg: SigningAlg, kid: string): Record<string, unknown> {
  const { privateKey } =
    alg === 'RS256'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { ...privateKey.export({ format: 'jwk' }), kid, alg, use: 'sig' };
}

function sealContext(id: string): string {
  return `oidc-key:${id}`;
}

async function insertSigningKey(ctx: ServiceContext, alg: SigningAlg, id: string): Promise<void> {
  const jwk = generateSigningJWK(alg, id);
  await ctx.stores.oidcKeys.insertIfAbsent({
    id,
    kind: 'signing',
    alg,
    sealed: ctx.keyring.seal(Buffer.from(JSON.stringify(jwk)), sealContext(id)),
    createdAt: ctx.now(),
    retiredAt: null,
  });
}

/**
 * The provider's keys, created on first start and sealed with TWOFOLD_SECRET_KEY in
 * the database, so every instance signs and publishes the same ones. Instances
 * starting together insert under fixed ids: one wins, all read the same rows.
 */
export async function loadOidcKeys(ctx: ServiceContext): Promise<OidcKeys> {
  const existing = await ctx.stores.oidcKeys.list();
  if (!existing.some((k) => k.kind === 'signing' && k.alg === 'RS256'))
    await insertSigningKey(ctx, 'RS256', 'rs256-initial');
  if (!existing.some((k) => k.kind === 'signing' && k.alg === 'ES256'))
    await insertSigningKey(ctx, 'ES256', 'es256-initial');
  if (!existing.some((k) => k.kind === 'cookie')) {
    const id = 'cookie-initial';
    await ctx.stores.oidcKeys.insertIfAbsent({
      id,
      kind: 'cookie',
      alg: 'HS256',
      sealed: ctx.keyring.seal(randomBytes(32), sealContext(id)),
      createdAt: ctx.now(),
      retiredAt: null,
    });
  }
  const keys = await ctx.stores.oidcKeys.list();
  const jwks: Record<string, unknown>[] = [];
  const cookieKeys: string[] = [];
  // Current keys first: the provider signs with the first key of an algorithm.
  const ordered = [...keys.filter((k) => !k.retiredAt), ...keys.filter((k) => k.retiredAt)];
  for (const key of ordered) {
    const opened = ctx.keyring.open(key.sealed, sealContext(key.id));
    if (key.kind === 'signing') jwks.push(JSON.parse(opened.toString('utf8')) as Record<string, unknown>);
    else cookieKeys.push(opened.toString('base64url'));
  }
  return { jwks: { keys: jwks }, cookieKeys };
}

/**
 * `twofold keys rotate`: a new RS256 and ES256 key sign from the next start; the
 * previous ones stay published (the JWKS) for a day, so tokens they signed still
 * verify; keys retired longer ago are removed.
 */
export async function rotateSigningKeys(ctx: ServiceContext): Promise<{ kids: string[]; removed: number }> {
  const now = ctx.now();
  const kids: string[] = [];
  for (const alg of SIGNING_ALGS) {
    const id = `${alg.toLowerCase()}-${now.getTime()}-${randomBytes(4).toString('hex')}`;
    await insertSigningKey(ctx, alg, id);
    await ctx.stores.oidcKeys.retireSigningKeys(alg, now, id);
    kids.push(id);
  }
  const removed = await ctx.stores.oidcKeys.deleteRetiredBefore(
    new Date(now.getTime() - RETIRED_KEY_PUBLISHED_SECONDS * 1000),
  );
  return { kids, removed };
}
