import { hashToken, randomToken } from '../../crypto/random.js';
import { describeUserAgent } from '../../domain/user-agent.js';
import { AppError } from '../../errors.js';
import type { User } from '../../storage/types.js';
import { recordEvent } from '../audit-log.js';
import type { RequestMeta, ServiceContext } from '../context.js';

/**
 * What goes into the browser's cookie: `<series id>.<token>`. The series id names
 * the row; the token rotates on every use and is stored only as its SHA-256
 * (SECURITY.md rule 30, privacyIDEA's design).
 */
export interface DeviceCookie {
  value: string;
  expiresAt: Date;
}

const DAY_MS = 86_400_000;

function parseCookie(value: string): { id: string; token: string } | null {
  const match = /^([A-Za-z0-9_-]{16,64})\.([A-Za-z0-9_-]{32,128})$/.exec(value);
  return match ? { id: match[1]!, token: match[2]! } : null;
}

/** The series id in a cookie value (to mark "this browser" in a list), or null. */
export function deviceIdOf(cookie: string | null | undefined): string | null {
  return cookie ? (parseCookie(cookie)?.id ?? null) : null;
}

/**
 * Remembers this browser for `days` after a completed second step
 * (`"rememberBrowser": true` where policy allows it).
 */
export async function rememberBrowser(
  ctx: ServiceContext,
  user: User,
  meta: RequestMeta,
  days: number,
): Promise<DeviceCookie> {
  const id = randomToken(16);
  const token = randomToken(32);
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + days * DAY_MS);
  await ctx.stores.rememberedBrowsers.create({
    id,
    userId: user.id,
    tokenHash: hashToken(token),
    now,
    expiresAt,
    ip: meta.ip,
    userAgent: meta.userAgent,
  });
  await recordEvent(ctx, 'browser_remembered', {
    userId: user.id,
    actorId: user.id,
    orgId: user.orgId,
    meta,
    details: { deviceId: id, days },
  });
  return { value: `${id}.${token}`, expiresAt };
}

/**
 * At a password sign-in: does this browser's cookie stand in for the second factor?
 * Only a live series of this very user, younger than the policy's current `days`,
 * whose current token the cookie holds. The token then rotates and the new cookie
 * is returned. A live series presented with any other token means the cookie was
 * copied (the owner's browser moved on, or the thief's did): the whole series is
 * revoked, audited and the owner told — and the sign-in asks for the second factor.
 */
export async function useRememberedBrowser(
  ctx: ServiceContext,
  user: User,
  cookie: string,
  meta: RequestMeta,
  days: number,
): Promise<DeviceCookie | null> {
  const parsed = parseCookie(cookie);
  if (!parsed) return null;
  const now = ctx.now();
  const series = await ctx.stores.rememberedBrowsers.findActive(parsed.id, user.id, now);
  if (!series) return null;
  // The policy may have shortened the period since this browser was remembered.
  if (series.createdAt.getTime() + days * DAY_MS <= now.getTime()) return null;
  const token = randomToken(32);
  if (
    await ctx.stores.rememberedBrowsers.rotate(
      series.id,
      user.id,
      hashToken(parsed.token),
      hashToken(token),
      now,
      meta,
    )
  ) {
    return { value: `${series.id}.${token}`, expiresAt: series.expiresAt };
  }
  await ctx.stores.rememberedBrowsers.revokeForUser(series.id, user.id, now);
  await recordEvent(ctx, 'remembered_browser_reused', {
    userId: user.id,
    orgId: user.orgId,
    meta,
    details: { deviceId: series.id },
  });
  ctx.notifier.notify(user, { type: 'remembered_browser_reused' }, meta);
  return null;
}

/**
 * Forgets every remembered browser of a user: on a factor added or removed, an
 * admin reset, a password change or reset, and a lockout (SECURITY.md rule 30).
 */
export async function forgetRememberedBrowsers(ctx: ServiceContext, userId: string): Promise<number> {
  return ctx.stores.rememberedBrowsers.revokeAllForUser(userId, ctx.now());
}

/** `GET /api/account/devices`. */
export async function listRememberedBrowsers(ctx: ServiceContext, user: User, currentId: string | null) {
  const rows = await ctx.stores.rememberedBrowsers.listActiveForUser(user.id, ctx.now());
  return {
    devices: rows.map((row) => ({
      id: row.id,
      label: describeUserAgent(row.userAgent),
      createdAt: row.createdAt.toISOString(),
      lastUsedAt: row.lastUsedAt.toISOString(),
      expiresAt: row.expiresAt.toISOString(),
      ip: row.ip,
      userAgent: row.userAgent,
      current: row.id === currentId,
    })),
  };
}

/** `DELETE /api/account/devices/:id` (one) and `DELETE /api/account/devices` (all, `id` null). */
export async function forgetDevices(
  ctx: ServiceContext,
  user: User,
  id: string | null,
  meta: RequestMeta,
): Promise<void> {
  const now = ctx.now();
  const forgotten =
    id === null
      ? await ctx.stores.rememberedBrowsers.revokeAllForUser(user.id, now)
      : Number(await ctx.stores.rememberedBrowsers.revokeForUser(id, user.id, now));
  if (id !== null && forgotten === 0) throw new AppError('not_found', { message: 'No such browser.' });
  await recordEvent(ctx, 'browser_forgotten', {
    userId: user.id,
    actorId: user.id,
    orgId: user.orgId,
    meta,
    details: { deviceId: id, forgotten },
  });
}
