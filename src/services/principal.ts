import { AppError } from '../errors.js';
import type { ApiKey, MfaToken, Session, User } from '../storage/types.js';
import type { ServiceContext } from './context.js';
import { RECENT_AUTH_SECONDS } from './sign-in/sessions.js';

/**
 * Who is calling: a signed-in session, or a pending sign-in that must enroll its
 * first factor (an `mfaToken` from `mfa_enrollment_required`, which opens only the
 * enrollment routes). Services also act for `api`: an application's user, named
 * through the verify API by a key (never a request's principal on user or admin routes).
 */
export type Principal =
  | { kind: 'session'; user: User; session: Session }
  | { kind: 'enrollment'; user: User; mfaToken: MfaToken }
  | { kind: 'api'; user: User; apiKey: ApiKey };

/**
 * Refuses with `reauthentication_required` unless the caller proved a password or
 * second factor within the last five minutes (SECURITY.md rule 18). A pending
 * enrollment has just passed the password check, so it counts as recent; so has
 * an API user, whose application checked the password before calling.
 */
export function requireRecentAuth(ctx: ServiceContext, principal: Principal): void {
  if (principal.kind !== 'session') return;
  const ageMs = ctx.now().getTime() - principal.session.reauthAt.getTime();
  if (ageMs > RECENT_AUTH_SECONDS * 1000) throw new AppError('reauthentication_required');
}
