import type { Migration } from 'kysely';
import * as m001 from './001-initial.js';
import * as m002 from './002-password-throttle.js';
import * as m003 from './003-retention.js';
import * as m004 from './004-oidc.js';
import * as m005 from './005-verify-api.js';
import * as m007 from './007-sessions-and-recovery.js';
import * as m008 from './008-email-verification.js';
import * as m009 from './009-webauthn.js';
import * as m011 from './011-org-profiles.js';
import * as m012 from './012-locale-and-templates.js';
import * as m013 from './013-org-product-name.js';

/**
 * Every migration, in order. One set for SQLite and PostgreSQL. Add a file and a
 * line here; never edit a migration that has shipped.
 */
export const MIGRATIONS: Record<string, Migration> = {
  '001-initial': m001,
  '002-password-throttle': m002,
  '003-retention': m003,
  '004-oidc': m004,
  '005-verify-api': m005,
  '007-sessions-and-recovery': m007,
  '008-email-verification': m008,
  '009-webauthn': m009,
  '011-org-profiles': m011,
  '012-locale-and-templates': m012,
  '013-org-product-name': m013,
};
