import { recordEvent } from './audit-log.js';
import type { RequestMeta, ServiceContext } from './context.js';

/** Users handled per page (each user's codes expire in one statement). */
const USERS_PER_PAGE = 200;

/**
 * `twofold expire-backup-codes --since <time>`: after a restore from a backup
 * taken at `since`, every backup code used after it is usable again (the
 * restore brought its row back unused). No record says which, so every unused
 * code created at or before `since` is marked used, for every user; each
 * affected user is audited and told by email to create a new set (they sign in
 * with their other factor). Codes created after `since` — after the restore —
 * are kept. Idempotent.
 */
export async function expireBackupCodes(
  ctx: ServiceContext,
  input: { since: Date },
  meta: RequestMeta,
): Promise<{ users: number; codes: number }> {
  const now = ctx.now();
  let users = 0;
  let codes = 0;
  let after: string | null = null;
  for (;;) {
    const page = await ctx.stores.backupCodes.listUsersWithUnusedSince(input.since, after, USERS_PER_PAGE);
    if (page.length === 0) break;
    after = page[page.length - 1]!;
    for (const userId of page) {
      const user = await ctx.stores.users.findById(userId);
      if (!user) continue;
      const expired = await ctx.stores.backupCodes.expireUnused(userId, input.since, now);
      if (expired === 0) continue;
      users += 1;
      codes += expired;
      await recordEvent(ctx, 'backup_codes_expired', {
        userId,
        actorId: 'cli',
        orgId: user.orgId,
        meta,
        details: { expired, since: input.since.toISOString() },
      });
      ctx.notifier.notify(user, { type: 'backup_codes_expired' }, meta);
    }
  }
  return { users, codes };
}
