import type { Migration } from 'kysely';
import * as m001 from './001-initial.js';
import * as m004 from './004-oidc.js';

/**
 * Every migration, in order. One set for SQLite and PostgreSQL. Add a file and a
 * line here; never edit a migration that has shipped.
 */
export const MIGRATIONS: Record<string, Migration> = {
  '001-initial': m001,
  '004-oidc': m004,
};
