import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../storage/sql/schema.js';

/** The tables of migration 009. */
export interface WebAuthnCredentialsTable {
  factor_id: string;
  user_id: string;
  /** base64url, as the browser names the credential. */
  credential_id: string;
  /** COSE public key, base64url. */
  public_key: string;
  counter: number;
  /** JSON array of AuthenticatorTransport names, or null. */
  transports: string | null;
  /** `singleDevice` or `multiDevice`. */
  device_type: string;
  backed_up: number;
  created_at: number;
}

export interface WebAuthnChallengesTable {
  id: string;
  challenge: string;
  purpose: string;
  user_id: string | null;
  binding: string | null;
  factor_id: string | null;
  expires_at: number;
  created_at: number;
}

type WebAuthnDatabase = Database & {
  webauthn_credentials: WebAuthnCredentialsTable;
  webauthn_challenges: WebAuthnChallengesTable;
};

export interface WebAuthnCredential {
  factorId: string;
  userId: string;
  credentialId: string;
  publicKey: Uint8Array;
  counter: number;
  transports: string[];
  deviceType: 'singleDevice' | 'multiDevice';
  backedUp: boolean;
}

/** `register`: a key being added; `authenticate`: a second step or re-check; `passkey`: a sign-in without a password. */
export type ChallengePurpose = 'register' | 'authenticate' | 'passkey';

export interface WebAuthnChallenge {
  id: string;
  challenge: string;
  purpose: ChallengePurpose;
  userId: string | null;
  binding: string | null;
  factorId: string | null;
  expiresAt: Date;
}

function toCredential(row: Selectable<WebAuthnCredentialsTable>): WebAuthnCredential {
  return {
    factorId: row.factor_id,
    userId: row.user_id,
    credentialId: row.credential_id,
    publicKey: new Uint8Array(Buffer.from(row.public_key, 'base64url')),
    counter: Number(row.counter),
    transports: row.transports ? (JSON.parse(row.transports) as string[]) : [],
    deviceType: row.device_type === 'multiDevice' ? 'multiDevice' : 'singleDevice',
    backedUp: row.backed_up === 1,
  };
}

/** Credentials of `webauthn` factors and the challenges that prove them (SECURITY.md rule 29). */
export class WebAuthnRepository {
  private readonly db: Kysely<WebAuthnDatabase>;

  constructor(db: Kysely<Database>) {
    this.db = db as unknown as Kysely<WebAuthnDatabase>;
  }

  async addCredential(input: Omit<WebAuthnCredential, 'counter'> & { counter: number; now: Date }) {
    await this.db
      .insertInto('webauthn_credentials')
      .values({
        factor_id: input.factorId,
        user_id: input.userId,
        credential_id: input.credentialId,
        public_key: Buffer.from(input.publicKey).toString('base64url'),
        counter: input.counter,
        transports: input.transports.length ? JSON.stringify(input.transports) : null,
        device_type: input.deviceType,
        backed_up: input.backedUp ? 1 : 0,
        created_at: input.now.getTime(),
      })
      .execute();
  }

  async findByCredentialId(credentialId: string): Promise<WebAuthnCredential | null> {
    const row = await this.db
      .selectFrom('webauthn_credentials')
      .selectAll()
      .where('credential_id', '=', credentialId)
      .executeTakeFirst();
    return row ? toCredential(row) : null;
  }

  /** The user's credentials whose factor is confirmed. */
  async listConfirmed(userId: string): Promise<WebAuthnCredential[]> {
    const rows = await this.db
      .selectFrom('webauthn_credentials')
      .innerJoin('factors', 'factors.id', 'webauthn_credentials.factor_id')
      .selectAll('webauthn_credentials')
      .where('webauthn_credentials.user_id', '=', userId)
      .where('factors.confirmed_at', 'is not', null)
      .orderBy('webauthn_credentials.created_at', 'asc')
      .execute();
    return rows.map(toCredential);
  }

  /** Every credential of the user, pending ones included (excluded at the next registration). */
  async listAll(userId: string): Promise<WebAuthnCredential[]> {
    const rows = await this.db
      .selectFrom('webauthn_credentials')
      .selectAll()
      .where('user_id', '=', userId)
      .execute();
    return rows.map(toCredential);
  }

  /**
   * Accepts a signature counter: only forward (or 0 → 0, a synced passkey without a
   * counter), by one conditional UPDATE, so of two requests with the same assertion one wins.
   */
  async acceptCounter(factorId: string, counter: number, backedUp: boolean, now: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('webauthn_credentials')
      .set({ counter, backed_up: backedUp ? 1 : 0 })
      .where('factor_id', '=', factorId)
      .where((eb) =>
        counter === 0 ? eb('counter', '=', 0) : eb.or([eb('counter', '<', counter), eb('counter', '=', 0)]),
      )
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    await this.db
      .updateTable('factors')
      .set({ last_used_at: now.getTime() })
      .where('id', '=', factorId)
      .execute();
    return true;
  }

  async createChallenge(input: Omit<WebAuthnChallenge, 'id'> & { now: Date }): Promise<WebAuthnChallenge> {
    const id = randomUUID();
    // Expired challenges go as new ones come: they can never be used anyway.
    await this.db.deleteFrom('webauthn_challenges').where('expires_at', '<=', input.now.getTime()).execute();
    await this.db
      .insertInto('webauthn_challenges')
      .values({
        id,
        challenge: input.challenge,
        purpose: input.purpose,
        user_id: input.userId,
        binding: input.binding,
        factor_id: input.factorId,
        expires_at: input.expiresAt.getTime(),
        created_at: input.now.getTime(),
      })
      .execute();
    return { id, ...input };
  }

  /**
   * Spends a live challenge (single use, SECURITY.md rule 29): the row matching
   * `where` is deleted by one conditional DELETE; null when there is none, it
   * expired, or a parallel request spent it first.
   */
  async consumeChallenge(where: {
    id?: string;
    challenge?: string;
    purpose: ChallengePurpose;
    binding?: string | null;
    now: Date;
  }): Promise<WebAuthnChallenge | null> {
    let query = this.db
      .selectFrom('webauthn_challenges')
      .selectAll()
      .where('purpose', '=', where.purpose)
      .where('expires_at', '>', where.now.getTime());
    if (where.id !== undefined) query = query.where('id', '=', where.id);
    if (where.challenge !== undefined) query = query.where('challenge', '=', where.challenge);
    if (where.binding !== undefined)
      query =
        where.binding === null
          ? query.where('binding', 'is', null)
          : query.where('binding', '=', where.binding);
    const row = await query.executeTakeFirst();
    if (!row) return null;
    const deleted = await this.db
      .deleteFrom('webauthn_challenges')
      .where('id', '=', row.id)
      .executeTakeFirst();
    if (Number(deleted.numDeletedRows) !== 1) return null;
    return {
      id: row.id,
      challenge: row.challenge,
      purpose: row.purpose as ChallengePurpose,
      userId: row.user_id,
      binding: row.binding,
      factorId: row.factor_id,
      expiresAt: new Date(Number(row.expires_at)),
    };
  }
}
