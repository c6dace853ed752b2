import { randomUUID } from 'node:crypto';
import { type Kysely, type Selectable, sql } from 'kysely';
import type { FactorType } from '../../domain/policy.js';
import type { Factor } from '../types.js';
import { compiledQuery } from './compiled-query.js';
import { inTransaction } from './in-transaction.js';
import { lockUserRow } from './lock-user-row.js';
import type { Database, FactorsTable } from './schema.js';

function toFactor(row: Selectable<FactorsTable>): Factor {
  return {
    id: row.id,
    userId: row.user_id,
    type: row.type as FactorType,
    label: row.label,
    secretSealed: row.secret_enc,
    destination: row.destination,
    confirmedAt: row.confirmed_at === null ? null : new Date(row.confirmed_at),
    preferred: row.preferred === 1,
    lastStep: row.last_step,
    lastUsedAt: row.last_used_at === null ? null : new Date(row.last_used_at),
    confirmAttempts: row.confirm_attempts,
    createdAt: new Date(row.created_at),
  };
}

const listConfirmedQuery = compiledQuery((db, p: { userId: string }) =>
  db
    .selectFrom('factors')
    .selectAll()
    .where('user_id', '=', p.userId)
    .where('confirmed_at', 'is not', null)
    .orderBy('preferred', 'desc')
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc'),
);

const acceptStepQuery = compiledQuery((db, p: { id: string; step: number; nowMs: number }) =>
  db
    .updateTable('factors')
    .set({ last_step: p.step, last_used_at: p.nowMs })
    .where('id', '=', p.id)
    .where('confirmed_at', 'is not', null)
    .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', p.step)])),
);

/** Second factors. A factor counts only once `confirmed_at` is set. */
export class FactorsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** A new id, so a secret can be sealed with its row id as context before the insert. */
  newId(): string {
    return randomUUID();
  }

  /** Renames a confirmed factor of `userId`; false when there is none. */
  async rename(userId: string, id: string, label: string): Promise<boolean> {
    const result = await this.db
      .updateTable('factors')
      .set({ label })
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .where('confirmed_at', 'is not', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async createPending(input: {
    id?: string;
    userId: string;
    type: FactorType;
    label: string;
    secretSealed?: string | null;
    destination?: string | null;
    now: Date;
  }): Promise<Factor> {
    const row = {
      id: input.id ?? randomUUID(),
      user_id: input.userId,
      type: input.type,
      label: input.label,
      secret_enc: input.secretSealed ?? null,
      destination: input.destination ?? null,
      confirmed_at: null,
      preferred: 0,
      last_step: null,
      last_used_at: null,
      confirm_attempts: 0,
      created_at: input.now.getTime(),
    };
    await this.db.insertInto('factors').values(row).execute();
    return toFactor(row);
  }

  async findById(id: string): Promise<Factor | null> {
    const row = await this.db.selectFrom('factors').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toFactor(row) : null;
  }

  /** Confirmed factors of a user, preferred first, then oldest first. */
  async listConfirmed(userId: string): Promise<Factor[]> {
    return (await listConfirmedQuery(this.db, { userId })).rows.map(toFactor);
  }

  /**
   * Marks a pending factor confirmed; the user's first confirmed factor becomes
   * preferred. Returns false when it was already confirmed (a parallel confirm won).
   */
  async confirm(id: string, userId: string, now: Date, lastStep: number | null): Promise<boolean> {
    return inTransaction(this.db, async (trx) => {
      // Two factors confirmed at once must not both become preferred.
      await lockUserRow(trx, userId);
      const hasPreferred = await trx
        .selectFrom('factors')
        .select('id')
        .where('user_id', '=', userId)
        .where('confirmed_at', 'is not', null)
        .where('preferred', '=', 1)
        .executeTakeFirst();
      const result = await trx
        .updateTable('factors')
        .set({
          confirmed_at: now.getTime(),
          last_step: lastStep,
          last_used_at: now.getTime(),
          preferred: hasPreferred ? 0 : 1,
        })
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .where('confirmed_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows === 1n;
    });
  }

  /** Counts a wrong confirmation code; returns the new count, or null if the factor is gone or confirmed. */
  async countConfirmAttempt(id: string, max: number): Promise<number | null> {
    const row = await this.db
      .updateTable('factors')
      .set({ confirm_attempts: sql`confirm_attempts + 1` })
      .where('id', '=', id)
      .where('confirmed_at', 'is', null)
      .where('confirm_attempts', '<', max)
      .returning('confirm_attempts')
      .executeTakeFirst();
    return row ? row.confirm_attempts : null;
  }

  /**
   * Accepts a TOTP time step only if it is later than the last one accepted, in one
   * conditional UPDATE whose row count decides (SECURITY.md rule 3): the same code
   * can never be accepted twice, not even by two instances at once.
   */
  async acceptStep(id: string, step: number, now: Date): Promise<boolean> {
    const result = await acceptStepQuery(this.db, { id, step, nowMs: now.getTime() });
    return result.numAffectedRows === 1n;
  }

  async touch(id: string, now: Date): Promise<void> {
    await this.db.updateTable('factors').set({ last_used_at: now.getTime() }).where('id', '=', id).execute();
  }

  async setPreferred(userId: string, factorId: string): Promise<boolean> {
    return inTransaction(this.db, async (trx) => {
      await lockUserRow(trx, userId);
      const target = await trx
        .selectFrom('factors')
        .select('id')
        .where('id', '=', factorId)
        .where('user_id', '=', userId)
        .where('confirmed_at', 'is not', null)
        .executeTakeFirst();
      if (!target) return false;
      await trx.updateTable('factors').set({ preferred: 0 }).where('user_id', '=', userId).execute();
      await trx.updateTable('factors').set({ preferred: 1 }).where('id', '=', factorId).execute();
      return true;
    });
  }

  /** Deletes one factor; if it was preferred, the oldest remaining confirmed factor takes over. */
  async delete(userId: string, factorId: string): Promise<boolean> {
    return inTransaction(this.db, async (trx) => {
      // Two deletes at once must agree on which factor takes over the preference.
      await lockUserRow(trx, userId);
      const result = await trx
        .deleteFrom('factors')
        .where('id', '=', factorId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      if (result.numDeletedRows !== 1n) return false;
      const preferred = await trx
        .selectFrom('factors')
        .select('id')
        .where('user_id', '=', userId)
        .where('confirmed_at', 'is not', null)
        .where('preferred', '=', 1)
        .executeTakeFirst();
      if (!preferred) {
        const next = await trx
          .selectFrom('factors')
          .select('id')
          .where('user_id', '=', userId)
          .where('confirmed_at', 'is not', null)
          .orderBy('created_at', 'asc')
          .orderBy('id', 'asc')
          .executeTakeFirst();
        if (next) await trx.updateTable('factors').set({ preferred: 1 }).where('id', '=', next.id).execute();
      }
      return true;
    });
  }

  async deleteAllForUser(userId: string): Promise<number> {
    const result = await this.db.deleteFrom('factors').where('user_id', '=', userId).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /**
   * Deletes a factor only while it is still pending. A wrong confirmation code that
   * lost a race against the right one must not delete the factor the winner just confirmed.
   */
  async deletePending(userId: string, factorId: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('factors')
      .where('id', '=', factorId)
      .where('user_id', '=', userId)
      .where('confirmed_at', 'is', null)
      .executeTakeFirst();
    return result.numDeletedRows === 1n;
  }

  /** The newest pending setup of `type` for this destination (an email/SMS setup asked for again is a resend). */
  async findPendingByDestination(
    userId: string,
    type: FactorType,
    destination: string,
  ): Promise<Factor | null> {
    const row = await this.db
      .selectFrom('factors')
      .selectAll()
      .where('user_id', '=', userId)
      .where('type', '=', type)
      .where('destination', '=', destination)
      .where('confirmed_at', 'is', null)
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    return row ? toFactor(row) : null;
  }

  /** Drops setups abandoned before confirmation (they grant nothing, but need not linger). */
  async deleteStalePending(userId: string, olderThan: Date): Promise<void> {
    await this.db
      .deleteFrom('factors')
      .where('user_id', '=', userId)
      .where('confirmed_at', 'is', null)
      .where('created_at', '<', olderThan.getTime())
      .execute();
  }

  /** How many factors hold a sealed secret (confirmed or pending). */
  async countSealed(): Promise<number> {
    const row = await this.db
      .selectFrom('factors')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('secret_enc', 'is not', null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** One page of sealed secrets in id order, after `afterId` (key checks and rotation walk them in batches). */
  async listSealed(
    afterId: string | null,
    limit: number,
  ): Promise<Array<{ id: string; secretSealed: string }>> {
    let query = this.db
      .selectFrom('factors')
      .select(['id', 'secret_enc'])
      .where('secret_enc', 'is not', null)
      .orderBy('id')
      .limit(limit);
    if (afterId !== null) query = query.where('id', '>', afterId);
    return (await query.execute()).map((r) => ({ id: r.id, secretSealed: r.secret_enc! }));
  }

  /**
   * Replaces a sealed secret with the same secret sealed anew, only if the row
   * still holds `previous` (a factor deleted or changed meanwhile is left alone).
   */
  async reseal(id: string, previous: string, next: string): Promise<boolean> {
    const result = await this.db
      .updateTable('factors')
      .set({ secret_enc: next })
      .where('id', '=', id)
      .where('secret_enc', '=', previous)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  /** Deletes up to `limit` setups, of any user, left unconfirmed since before `before`; returns how many. */
  async deleteAbandonedPending(before: Date, limit: number): Promise<number> {
    const result = await this.db
      .deleteFrom('factors')
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('factors')
          .select('id')
          .where('confirmed_at', 'is', null)
          .where('created_at', '<', before.getTime())
          .limit(limit),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
