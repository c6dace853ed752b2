import { randomUUID } from 'node:crypto';
import { type Kysely, type Selectable, sql } from 'kysely';
import type { Role } from '../../domain/policy.js';
import type { Reservation, User } from '../types.js';
import { compiledQuery } from './compiled-query.js';
import type { Database, UsersTable } from './schema.js';

const toDate = (ms: number | null) => (ms === null ? null : new Date(ms));

function toUser(row: Selectable<UsersTable>): User {
  return {
    id: row.id,
    email: row.email,
    passwordHash: row.password_hash,
    name: row.name,
    role: row.role as Role,
    orgId: row.org_id,
    failedAttempts: row.failed_attempts,
    lockedUntil: toDate(row.locked_until),
    createdAt: new Date(row.created_at),
    lastSignInAt: toDate(row.last_sign_in_at),
    throttleEpoch: Number(row.throttle_epoch),
    passwordThrottledUntil: toDate(row.password_throttled_until),
    externalId: row.external_id ?? null,
    emailVerifiedAt: toDate(row.email_verified_at ?? null),
    locale: row.locale ?? null,
  };
}

/** A row of the administrators' users table. */
export interface UserListEntry {
  user: User;
  /** Types of the user's confirmed factors. */
  mfaMethods: string[];
}

export interface UserListQuery {
  orgId?: string | undefined;
  /** Only users of organizations in this profile. */
  profileId?: string | undefined;
  /** Case-insensitive substring of email or name. */
  q?: string | undefined;
  mfa?: 'enabled' | 'disabled' | undefined;
  /** Locked out or held by the password backoff at `now` (true), or neither (false). */
  locked?: { value: boolean; now: Date } | undefined;
  /** Opaque cursor from a previous page. */
  cursor?: string | undefined;
  limit: number;
}

/** A user's columns as selected by {@link USER_JOIN_COLUMNS}. */
export interface JoinedUserRow {
  u_id: string;
  u_email: string;
  u_password_hash: string;
  u_name: string | null;
  u_role: string;
  u_org_id: string | null;
  u_failed_attempts: number;
  u_locked_until: number | null;
  u_created_at: number;
  u_last_sign_in_at: number | null;
  u_throttle_epoch: number;
  u_password_throttled_until: number | null;
  u_external_id: string | null;
  u_email_verified_at: number | null;
  u_locale: string | null;
}

/**
 * The user's columns, prefixed `u_`, for a query that fetches a row together with
 * the user it belongs to in one round trip (pending sign-ins, sessions).
 */
export const USER_JOIN_COLUMNS = [
  'users.id as u_id',
  'users.email as u_email',
  'users.password_hash as u_password_hash',
  'users.name as u_name',
  'users.role as u_role',
  'users.org_id as u_org_id',
  'users.failed_attempts as u_failed_attempts',
  'users.locked_until as u_locked_until',
  'users.created_at as u_created_at',
  'users.last_sign_in_at as u_last_sign_in_at',
  'users.throttle_epoch as u_throttle_epoch',
  'users.password_throttled_until as u_password_throttled_until',
  'users.external_id as u_external_id',
  'users.email_verified_at as u_email_verified_at',
  'users.locale as u_locale',
] as const;

/** The {@link User} of a row selected with {@link USER_JOIN_COLUMNS}. */
export function toJoinedUser(row: JoinedUserRow): User {
  return {
    id: row.u_id,
    email: row.u_email,
    passwordHash: row.u_password_hash,
    name: row.u_name,
    role: row.u_role as Role,
    orgId: row.u_org_id,
    failedAttempts: row.u_failed_attempts,
    lockedUntil: toDate(row.u_locked_until),
    createdAt: new Date(row.u_created_at),
    lastSignInAt: toDate(row.u_last_sign_in_at),
    throttleEpoch: Number(row.u_throttle_epoch),
    passwordThrottledUntil: toDate(row.u_password_throttled_until),
    externalId: row.u_external_id ?? null,
    emailVerifiedAt: toDate(row.u_email_verified_at ?? null),
    locale: row.u_locale ?? null,
  };
}

const findByIdQuery = compiledQuery((db, p: { id: string }) =>
  db.selectFrom('users').selectAll().where('id', '=', p.id),
);

/** Also run by {@link MfaTokensRepository.reserveAttemptAndFailureSlot} (SQLite). */
export const reserveFailureSlotQuery = compiledQuery((db, p: { id: string; nowMs: number; max: number }) =>
  db
    .updateTable('users')
    .set({
      failed_attempts: sql`CASE WHEN locked_until IS NOT NULL AND locked_until <= ${p.nowMs} THEN 1 ELSE failed_attempts + 1 END`,
      locked_until: sql`CASE WHEN locked_until IS NOT NULL AND locked_until <= ${p.nowMs} THEN NULL ELSE locked_until END`,
    })
    .where('id', '=', p.id)
    .where((eb) =>
      eb.or([
        eb.and([eb('locked_until', 'is', null), eb('failed_attempts', '<', p.max)]),
        eb('locked_until', '<=', p.nowMs),
      ]),
    )
    .returning('failed_attempts'),
);

const clearFailuresQuery = compiledQuery(
  (db, p: { id: string }) =>
    db
      .updateTable('users')
      .set({ failed_attempts: 0, locked_until: null })
      .where('id', '=', p.id)
      .where((eb) => eb.or([eb('failed_attempts', '>', 0), eb('locked_until', 'is not', null)])),
  { deferrable: true },
);

const recordSignInQuery = compiledQuery((db, p: { id: string; nowMs: number }) =>
  db.updateTable('users').set({ last_sign_in_at: p.nowMs }).where('id', '=', p.id),
);

/** A second factor proved and a sign-in completed: the failure reset and the last sign-in in one write. */
const clearFailuresAndRecordSignInQuery = compiledQuery(
  (db, p: { id: string; nowMs: number }) =>
    db
      .updateTable('users')
      .set({ failed_attempts: 0, locked_until: null, last_sign_in_at: p.nowMs })
      .where('id', '=', p.id),
  // The second step's last write, read by nobody: on PostgreSQL it travels with the session and audit rows.
  { deferrable: true },
);

/** Users, their password hash and their second-factor failure counter. */
export class UsersRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(input: {
    email: string;
    passwordHash: string;
    name?: string | null;
    role: Role;
    orgId?: string | null;
    /** True when the address needs no link (created by an admin or the CLI). */
    emailVerified?: boolean;
    now: Date;
  }): Promise<User> {
    const row = {
      id: randomUUID(),
      email: input.email,
      password_hash: input.passwordHash,
      name: input.name ?? null,
      role: input.role,
      org_id: input.orgId ?? null,
      failed_attempts: 0,
      locked_until: null,
      created_at: input.now.getTime(),
      updated_at: input.now.getTime(),
      last_sign_in_at: null,
      throttle_epoch: 0,
      password_throttled_until: null,
      external_id: null,
      email_verified_at: input.emailVerified ? input.now.getTime() : null,
      email_verify_token_hash: null,
      email_verify_expires_at: null,
      locale: null,
    };
    await this.db.insertInto('users').values(row).execute();
    return toUser(row);
  }

  /**
   * The user an application names `externalId`, created as a member (of `orgId`)
   * when there is none yet. Parallel first uses of one id create one user: the
   * unique index decides and the losers read the winner's row.
   */
  async findOrCreateByExternalId(input: {
    externalId: string;
    email: string;
    passwordHash: string;
    orgId: string | null;
    now: Date;
  }): Promise<{ user: User; created: boolean }> {
    const id = randomUUID();
    await this.db
      .insertInto('users')
      .values({
        id,
        email: input.email,
        password_hash: input.passwordHash,
        name: null,
        role: 'member',
        org_id: input.orgId,
        failed_attempts: 0,
        locked_until: null,
        created_at: input.now.getTime(),
        updated_at: input.now.getTime(),
        last_sign_in_at: null,
        external_id: input.externalId,
      })
      .onConflict((oc) => oc.column('external_id').doNothing())
      .execute();
    const user = await this.findByExternalId(input.externalId);
    if (!user) throw new Error('API user vanished after insert');
    return { user, created: user.id === id };
  }

  async findByExternalId(externalId: string): Promise<User | null> {
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where('external_id', '=', externalId)
      .executeTakeFirst();
    return row ? toUser(row) : null;
  }

  async findById(id: string): Promise<User | null> {
    const [row] = (await findByIdQuery(this.db, { id })).rows;
    return row ? toUser(row) : null;
  }

  /** Saves the user's language; null forgets it (Accept-Language decides again). */
  async setLocale(userId: string, locale: string | null, now: Date): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ locale, updated_at: now.getTime() })
      .where('id', '=', userId)
      .execute();
  }

  /** Marks the address verified (an email factor on it was confirmed with a code sent there). */
  async markEmailVerified(userId: string, now: Date): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ email_verified_at: now.getTime(), email_verify_token_hash: null, email_verify_expires_at: null })
      .where('id', '=', userId)
      .where('email_verified_at', 'is', null)
      .execute();
  }

  /** Makes `tokenHash` the user's one outstanding verification link (an older one stops working). */
  async setEmailVerificationToken(userId: string, tokenHash: string, expiresAt: Date): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ email_verify_token_hash: tokenHash, email_verify_expires_at: expiresAt.getTime() })
      .where('id', '=', userId)
      .execute();
  }

  /**
   * Spends the verification link whose token hashes to `tokenHash`, if it has not
   * expired: the address is marked verified and the link cleared in one statement,
   * so of two requests racing with one link only one succeeds. The user's id, or null.
   */
  async consumeEmailVerificationToken(tokenHash: string, now: Date): Promise<string | null> {
    const row = await this.db
      .updateTable('users')
      .set({
        email_verified_at: now.getTime(),
        email_verify_token_hash: null,
        email_verify_expires_at: null,
        updated_at: now.getTime(),
      })
      .where('email_verify_token_hash', '=', tokenHash)
      .where('email_verify_expires_at', '>', now.getTime())
      .returning('id')
      .executeTakeFirst();
    return row?.id ?? null;
  }

  async findByEmail(email: string): Promise<User | null> {
    const row = await this.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
    return row ? toUser(row) : null;
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Keyset-paginated by email; filters combine with AND. */
  async list(query: UserListQuery): Promise<{ entries: UserListEntry[]; nextCursor: string | null }> {
    let q = this.db.selectFrom('users').selectAll('users');
    if (query.orgId) q = q.where('users.org_id', '=', query.orgId);
    if (query.profileId) {
      const profileId = query.profileId;
      q = q.where('users.org_id', 'in', (eb) =>
        eb
          .selectFrom('organizations')
          .select('organizations.id')
          .where('organizations.profile_id', '=', profileId),
      );
    }
    if (query.q) {
      const pattern = `%${query.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      q = q.where((eb) =>
        eb.or([
          eb(sql`lower(users.email)`, 'like', sql`${pattern} escape '\\'`),
          eb(sql`lower(coalesce(users.name, ''))`, 'like', sql`${pattern} escape '\\'`),
        ]),
      );
    }
    if (query.mfa) {
      const enabled = query.mfa === 'enabled';
      q = q.where((eb) => {
        const confirmed = eb.exists(
          eb
            .selectFrom('factors')
            .select('factors.id')
            .whereRef('factors.user_id', '=', 'users.id')
            .where('factors.confirmed_at', 'is not', null),
        );
        return enabled ? confirmed : eb.not(confirmed);
      });
    }
    if (query.locked) {
      const now = query.locked.now.getTime();
      const want = query.locked.value;
      q = q.where((eb) => {
        const locked = eb.or([
          eb('users.locked_until', '>', now),
          eb('users.password_throttled_until', '>', now),
        ]);
        return want ? locked : eb.not(locked);
      });
    }
    if (query.cursor) {
      const after = Buffer.from(query.cursor, 'base64url').toString('utf8');
      q = q.where('users.email', '>', after);
    }
    const rows = await q
      .orderBy('users.email')
      .limit(query.limit + 1)
      .execute();
    const page = rows.slice(0, query.limit);
    const methods = new Map<string, string[]>();
    if (page.length) {
      const factors = await this.db
        .selectFrom('factors')
        .select(['user_id', 'type'])
        .where(
          'user_id',
          'in',
          page.map((r) => r.id),
        )
        .where('confirmed_at', 'is not', null)
        .orderBy('created_at')
        .execute();
      for (const f of factors) {
        const list = methods.get(f.user_id) ?? [];
        if (!list.includes(f.type)) list.push(f.type);
        methods.set(f.user_id, list);
      }
    }
    const last = page[page.length - 1];
    return {
      entries: page.map((row) => ({ user: toUser(row), mfaMethods: methods.get(row.id) ?? [] })),
      nextCursor: rows.length > query.limit && last ? Buffer.from(last.email).toString('base64url') : null,
    };
  }

  /** Every user of a scope with their confirmed factor types, for adoption figures. */
  async listForStats(orgId?: string): Promise<UserListEntry[]> {
    let users = this.db.selectFrom('users').selectAll();
    if (orgId) users = users.where('org_id', '=', orgId);
    const rows = await users.execute();
    let factors = this.db
      .selectFrom('factors')
      .innerJoin('users', 'users.id', 'factors.user_id')
      .select(['factors.user_id', 'factors.type'])
      .where('factors.confirmed_at', 'is not', null);
    if (orgId) factors = factors.where('users.org_id', '=', orgId);
    const methods = new Map<string, Set<string>>();
    for (const f of await factors.execute()) {
      const set = methods.get(f.user_id) ?? new Set<string>();
      set.add(f.type);
      methods.set(f.user_id, set);
    }
    return rows.map((row) => ({ user: toUser(row), mfaMethods: [...(methods.get(row.id) ?? [])] }));
  }

  async recordSignIn(id: string, now: Date): Promise<void> {
    await recordSignInQuery(this.db, { id, nowMs: now.getTime() });
  }

  /**
   * Counts one second-factor evaluation against the account *before* the code is
   * checked, in one conditional UPDATE, so a burst of parallel guesses cannot get
   * more evaluations than `max` (Keycloak CVE-2024-4629). A lock that has run out
   * starts a fresh count. Success resets the count with {@link clearFailures}.
   */
  async reserveFailureSlot(id: string, max: number, now: Date): Promise<Reservation> {
    const [row] = (await reserveFailureSlotQuery(this.db, { id, nowMs: now.getTime(), max })).rows;
    return row ? { ok: true, used: row.failed_attempts } : { ok: false };
  }

  /** Locks the account when its count reached `max`; true only for the call that locked it. */
  async lockIfExhausted(id: string, max: number, until: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('users')
      .set({ locked_until: until.getTime() })
      .where('id', '=', id)
      .where('failed_attempts', '>=', max)
      .where('locked_until', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  /**
   * Gives back a slot taken by {@link reserveFailureSlot} when the check could not
   * be made (a server fault, e.g. a secret the key cannot open): a fault of ours
   * must not count toward the user's lockout. A locked account stays locked.
   */
  async releaseFailureSlot(id: string): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ failed_attempts: sql`failed_attempts - 1` })
      .where('id', '=', id)
      .where('failed_attempts', '>', 0)
      .where('locked_until', 'is', null)
      .execute();
  }

  /**
   * Resets the consecutive-failure count (a second factor was proved). With
   * `signedInAt`, the same UPDATE also records the sign-in (one write of the
   * user's row on the second step's success path instead of two).
   */
  async clearFailures(id: string, signedInAt?: Date | null): Promise<void> {
    if (signedInAt) await clearFailuresAndRecordSignInQuery(this.db, { id, nowMs: signedInAt.getTime() });
    else await clearFailuresQuery(this.db, { id });
  }

  /** Marks the account-wide password backoff (shown in the users table) until `until`. */
  async markPasswordThrottled(id: string, until: Date): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ password_throttled_until: until.getTime() })
      .where('id', '=', id)
      .execute();
  }

  /**
   * Clears every counter of an account (SECURITY.md rule 26): the second-factor
   * failures and lockout, the account-wide password backoff, and — by bumping the
   * epoch that is part of their keys — every per-account-and-client password counter.
   */
  async clearAllThrottles(id: string): Promise<void> {
    await this.db
      .updateTable('users')
      .set({
        failed_attempts: 0,
        locked_until: null,
        password_throttled_until: null,
        throttle_epoch: sql`throttle_epoch + 1`,
      })
      .where('id', '=', id)
      .execute();
  }

  async setPasswordHash(id: string, passwordHash: string, now: Date): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ password_hash: passwordHash, updated_at: now.getTime() })
      .where('id', '=', id)
      .execute();
  }
}
