import { hashToken, randomToken } from '../../crypto/random.js';
import type { Session, User } from '../../storage/types.js';
import { recordEvent } from '../audit-log.js';
import type { RequestMeta, ServiceContext } from '../context.js';

/** How long a sign-in or second-factor check counts as "recent" (API.md, recent auth). */
export const RECENT_AUTH_SECONDS = 300;

export interface IssuedSession {
  token: string;
  expiresAt: string;
}

/**
 * What a second step's success writes to the user's row besides the failure reset
 * (see `checkSecondFactor`): set by what it completes, written once, in the same
 * transaction, after it.
 */
export interface SecondFactorSuccess {
  /** The sign-in this success completed, recorded as the user's last sign-in. */
  signedInAt: Date | null;
}

/**
 * A new session after every full sign-in: 256 random bits, stored only as SHA-256
 * (SECURITY.md rule 17). Never called before the second factor passed. Inside a
 * second step's success, pass its `success`: the last sign-in is then written with
 * the failure reset, in one UPDATE of the user's row, rather than here.
 */
export async function issueSession(
  ctx: ServiceContext,
  user: User,
  meta: RequestMeta,
  amr: string[],
  success?: SecondFactorSuccess,
): Promise<IssuedSession> {
  const token = randomToken(32);
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + ctx.config.sessionTtlSeconds * 1000);
  await ctx.stores.sessions.create({
    tokenHash: hashToken(token),
    userId: user.id,
    now,
    expiresAt,
    ip: meta.ip,
    userAgent: meta.userAgent,
    amr,
  });
  if (success) success.signedInAt = now;
  else await ctx.stores.users.recordSignIn(user.id, now);
  return { token, expiresAt: expiresAt.toISOString() };
}

/** `POST /api/auth/logout`: the session stops working at once; the sign-out is audited. */
export async function endSession(
  ctx: ServiceContext,
  auth: { user: User; session: Session },
  meta: RequestMeta,
): Promise<void> {
  const { user, session } = auth;
  await ctx.stores.sessions.revoke(session.id, ctx.now());
  await recordEvent(ctx, 'sign_out', { userId: user.id, actorId: user.id, orgId: user.orgId, meta });
}

/**
 * How often a session's `lastSeenAt` is written, in seconds: at most once a minute
 * per session, never once per request.
 */
export const LAST_SEEN_INTERVAL_SECONDS = 60;

/**
 * The session and user behind a bearer token or cookie, or null. Records when the
 * session was last used, at most once per {@link LAST_SEEN_INTERVAL_SECONDS}: the
 * read tells whether a write is due, and the write itself is conditional, so
 * parallel requests and instances write the row once.
 */
export async function authenticateSession(
  ctx: ServiceContext,
  token: string,
): Promise<{ session: Session; user: User } | null> {
  const now = ctx.now();
  const found = await ctx.stores.sessions.findActiveWithUser(hashToken(token), now);
  if (found && now.getTime() - found.session.lastSeenAt.getTime() >= LAST_SEEN_INTERVAL_SECONDS * 1000) {
    if (await ctx.stores.sessions.touch(found.session.id, now, LAST_SEEN_INTERVAL_SECONDS)) {
      found.session.lastSeenAt = now;
    }
  }
  return found;
}

export function reauthenticatedUntil(session: Session): Date {
  return new Date(session.reauthAt.getTime() + RECENT_AUTH_SECONDS * 1000);
}
