import type { Kysely } from 'kysely';
import { uuidv7 } from '../../crypto/random.js';
import type { Session, User } from '../types.js';
import { compiledQuery } from './compiled-query.js';
import type { Database, SessionsTable } from './schema.js';
import { toJoinedUser, USER_JOIN_COLUMNS } from './users-repository.js';

const insertQuery = compiledQuery(
  (db, row: SessionsTable) =>
    db.insertInto('sessions').values({
      id: row.id,
      token_hash: row.token_hash,
      user_id: row.user_id,
      created_at: row.created_at,
      expires_at: row.expires_at,
      reauth_at: row.reauth_at,
      revoked_at: row.revoked_at,
      ip: row.ip,
      user_agent: row.user_agent,
      amr: row.amr,
      last_seen_at: row.last_seen_at,
    }),
  // Nothing reads the insert's answer (`create` returns what it wrote): on PostgreSQL it may travel with the next writes.
  { deferrable: true },
);

const findActiveWithUserQuery = compiledQuery((db, p: { tokenHash: string; nowMs: number }) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id',
      'sessions.created_at',
      'sessions.expires_at',
      'sessions.reauth_at',
      'sessions.ip',
      'sessions.user_agent',
      'sessions.amr',
      'sessions.last_seen_at',
      ...USER_JOIN_COLUMNS,
    ])
    .where('sessions.token_hash', '=', p.tokenHash)
    .where('sessions.revoked_at', 'is', null)
    .where('sessions.expires_at', '>', p.nowMs),
);

const touchQuery = compiledQuery((db, p: { id: string; nowMs: number; cutoffMs: number }) =>
  db
    .updateTable('sessions')
    .set({ last_seen_at: p.nowMs })
    .where('id', '=', p.id)
    .where((eb) => eb.or([eb('last_seen_at', 'is', null), eb('last_seen_at', '<=', p.cutoffMs)])),
);

type SessionRow = Pick<
  SessionsTable,
  'id' | 'created_at' | 'expires_at' | 'reauth_at' | 'ip' | 'user_agent' | 'amr' | 'last_seen_at'
>;

function toSession(row: SessionRow, userId: string): Session {
  return {
    id: row.id,
    userId,
    createdAt: new Date(row.created_at),
    expiresAt: new Date(row.expires_at),
    reauthAt: new Date(row.reauth_at),
    ip: row.ip,
    userAgent: row.user_agent,
    amr: JSON.parse(row.amr) as string[],
    lastSeenAt: new Date(row.last_seen_at ?? row.created_at),
  };
}

/** Sessions, looked up by the SHA-256 of their token; the token itself is never stored. */
export class SessionsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(input: {
    tokenHash: string;
    userId: string;
    now: Date;
    expiresAt: Date;
    ip: string | null;
    userAgent: string | null;
    amr: string[];
  }): Promise<Session> {
    const id = uuidv7();
    await insertQuery(this.db, {
      id,
      token_hash: input.tokenHash,
      user_id: input.userId,
      created_at: input.now.getTime(),
      expires_at: input.expiresAt.getTime(),
      reauth_at: input.now.getTime(),
      revoked_at: null,
      ip: input.ip,
      user_agent: input.userAgent,
      amr: JSON.stringify(input.amr),
      last_seen_at: input.now.getTime(),
    });
    return {
      id,
      userId: input.userId,
      createdAt: input.now,
      expiresAt: input.expiresAt,
      reauthAt: input.now,
      ip: input.ip,
      userAgent: input.userAgent,
      amr: input.amr,
      lastSeenAt: input.now,
    };
  }

  /** A live session and its user, in one query (what every authenticated request reads first). */
  async findActiveWithUser(tokenHash: string, now: Date): Promise<{ session: Session; user: User } | null> {
    const [row] = (await findActiveWithUserQuery(this.db, { tokenHash, nowMs: now.getTime() })).rows;
    if (!row) return null;
    return { session: toSession(row, row.u_id), user: toJoinedUser(row) };
  }

  /**
   * Records that the session was used at `now`, unless that was already recorded
   * within `intervalSeconds`: one conditional UPDATE, so however many requests and
   * instances race, the row is written at most once per interval.
   */
  async touch(id: string, now: Date, intervalSeconds: number): Promise<boolean> {
    const nowMs = now.getTime();
    const result = await touchQuery(this.db, { id, nowMs, cutoffMs: nowMs - intervalSeconds * 1000 });
    return result.numAffectedRows === 1n;
  }

  /** The live sessions of a user, most recently used first. */
  async listActiveForUser(userId: string, now: Date): Promise<Session[]> {
    const rows = await this.db
      .selectFrom('sessions')
      .select(['id', 'created_at', 'expires_at', 'reauth_at', 'ip', 'user_agent', 'amr', 'last_seen_at'])
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now.getTime())
      .orderBy('last_seen_at', 'desc')
      .orderBy('created_at', 'desc')
      .limit(200)
      .execute();
    return rows.map((row) => toSession(row, userId));
  }

  /** Ends one live session of `userId`; false when there is none with that id (or it is someone else's). */
  async revokeForUser(id: string, userId: string, now: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('sessions')
      .set({ revoked_at: now.getTime() })
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now.getTime())
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  async markReauthenticated(id: string, now: Date): Promise<void> {
    await this.db.updateTable('sessions').set({ reauth_at: now.getTime() }).where('id', '=', id).execute();
  }

  async revoke(id: string, now: Date): Promise<void> {
    await this.db
      .updateTable('sessions')
      .set({ revoked_at: now.getTime() })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .execute();
  }

  /** Ends every session of a user, except `keepId` when given. */
  async revokeAllForUser(userId: string, now: Date, keepId?: string): Promise<number> {
    let query = this.db
      .updateTable('sessions')
      .set({ revoked_at: now.getTime() })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null);
    if (keepId) query = query.where('id', '!=', keepId);
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /**
   * Ends the password-only sessions (`amr` exactly `["pwd"]`) of `userIds`, except
   * `keepId`: what enforcement beginning for them means (SECURITY.md rule 23).
   */
  async revokePasswordOnly(userIds: string[], now: Date, keepId?: string): Promise<number> {
    let revoked = 0;
    for (let i = 0; i < userIds.length; i += 500) {
      let query = this.db
        .updateTable('sessions')
        .set({ revoked_at: now.getTime() })
        .where('user_id', 'in', userIds.slice(i, i + 500))
        .where('amr', '=', JSON.stringify(['pwd']))
        .where('revoked_at', 'is', null);
      if (keepId) query = query.where('id', '!=', keepId);
      revoked += Number((await query.executeTakeFirst()).numUpdatedRows);
    }
    return revoked;
  }

  /**
   * Deletes up to `limit` sessions that can no longer be used (expired, or revoked);
   * returns how many. The sweeper calls it until it returns less than `limit`.
   */
  async deleteEnded(now: Date, limit: number): Promise<number> {
    const nowMs = now.getTime();
    const result = await this.db
      .deleteFrom('sessions')
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('sessions')
          .select('id')
          .where((w) => w.or([w('expires_at', '<=', nowMs), w('revoked_at', 'is not', null)]))
          .limit(limit),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
