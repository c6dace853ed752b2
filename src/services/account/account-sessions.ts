import { AppError } from '../../errors.js';
import type { Session, User } from '../../storage/types.js';
import type { Actor } from '../admin/admin-users.js';
import { recordEvent } from '../audit-log.js';
import type { RequestMeta, ServiceContext } from '../context.js';

/** A session as its owner (or an administrator) sees it: never its token or hash. */
export interface SessionView {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
  /** The session making this request. */
  current: boolean;
}

export function toSessionView(session: Session, currentId: string | null): SessionView {
  return {
    id: session.id,
    createdAt: session.createdAt.toISOString(),
    lastSeenAt: session.lastSeenAt.toISOString(),
    expiresAt: session.expiresAt.toISOString(),
    ip: session.ip,
    userAgent: session.userAgent,
    current: session.id === currentId,
  };
}

/** `GET /api/account/sessions` (and the admin's view of a user): the live sessions, most recent first. */
export async function listSessions(
  ctx: ServiceContext,
  user: User,
  currentId: string | null,
): Promise<{ sessions: SessionView[] }> {
  const sessions = await ctx.stores.sessions.listActiveForUser(user.id, ctx.now());
  return { sessions: sessions.map((s) => toSessionView(s, currentId)) };
}

const actorIdOf = (actor: Actor) => (actor.kind === 'cli' ? 'cli' : actor.user.id);

/**
 * Ends one live session of `user` (its token answers 401 from then on). A session
 * of another user is `404`, exactly like one that does not exist.
 */
export async function endSession(
  ctx: ServiceContext,
  user: User,
  sessionId: string,
  actor: Actor,
  meta: RequestMeta,
): Promise<void> {
  if (!(await ctx.stores.sessions.revokeForUser(sessionId, user.id, ctx.now()))) {
    throw new AppError('not_found', { message: 'No such session.' });
  }
  await recordEvent(ctx, 'session_ended', {
    userId: user.id,
    actorId: actorIdOf(actor),
    orgId: user.orgId,
    meta,
    details: { sessionId },
  });
}

/**
 * Ends every live session of `user`, except `keepId` when given ("sign out
 * everywhere else"). Pending sign-ins end too: a password typed elsewhere a minute
 * ago must not turn into a session after the owner cleared them all.
 */
export async function endSessions(
  ctx: ServiceContext,
  user: User,
  options: { keepId: string | null },
  actor: Actor,
  meta: RequestMeta,
): Promise<number> {
  const now = ctx.now();
  const ended = await ctx.stores.sessions.revokeAllForUser(user.id, now, options.keepId ?? undefined);
  await ctx.stores.mfaTokens.revokeAllForUser(user.id, now);
  await recordEvent(ctx, 'sessions_ended', {
    userId: user.id,
    actorId: actorIdOf(actor),
    orgId: user.orgId,
    meta,
    details: { ended, keptCurrent: options.keepId !== null },
  });
  return ended;
}
