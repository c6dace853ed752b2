import type { Logger } from 'pino';
import { ConfigError } from '../../config/config.js';
import type { Keyring } from '../../crypto/keyring.js';
import type { Stores } from '../../storage/stores.js';
import { resealProviderSecrets } from './provider-settings.js';

/** The settings row holding the key check value (sealed at first start, opened at every start). */
export const KEY_CHECK_SETTING = 'secret_key_check';

/** Factor secrets tried when a database from before the key check value has none yet. */
const SAMPLE_SIZE = 20;

/** What the key checks need: less than a full service context (they run before the app exists). */
export interface KeyCheckContext {
  stores: Stores;
  keyring: Keyring;
  now: () => Date;
  log: Logger;
}

function refusal(sealedCount: number): ConfigError {
  return new ConfigError(
    `TWOFOLD_SECRET_KEY does not match this database: the configured key cannot open the key check value stored at first start, and ${sealedCount} second-factor secret(s) are sealed under the right one. Refusing to start: every authenticator-app sign-in would fail. Set TWOFOLD_SECRET_KEY (or TWOFOLD_SECRET_KEYS) to the key this database was created with; for SQLite, restore secret.key beside the database from the same backup.`,
  );
}

function opens(keyring: Keyring, factor: { id: string; secretSealed: string }): boolean {
  try {
    keyring.open(factor.secretSealed, factor.id).fill(0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Refuses to start with a key that cannot open what the database holds
 * (issue 11: a restored backup without its key started silently, then every TOTP
 * verify answered 500). The first start stores a key check value; each start
 * opens it. A database from before the check value proves the key on a sample of
 * its sealed secrets instead, then gets one.
 * @throws ConfigError with the reason, when factors exist and the key is wrong.
 */
export async function checkSecretKey(ctx: KeyCheckContext): Promise<void> {
  const { stores, keyring, log } = ctx;
  const stored = await stores.settings.getValue(KEY_CHECK_SETTING);
  if (stored !== null) {
    if (keyring.opensCheckValue(stored)) return;
    const sealedCount = await stores.factors.countSealed();
    if (sealedCount > 0) throw refusal(sealedCount);
    // Nothing sealed under the old key survives: a new key loses nothing.
    log.warn(
      'the configured key is not the one of the key check value, but no factor secret is stored: taking it',
    );
    await stores.settings.setValue(KEY_CHECK_SETTING, keyring.createCheckValue(), ctx.now());
    return;
  }
  const sample = await stores.factors.listSealed(null, SAMPLE_SIZE);
  const unreadable = sample.filter((factor) => !opens(keyring, factor)).length;
  if (sample.length > 0 && unreadable === sample.length) throw refusal(await stores.factors.countSealed());
  if (unreadable > 0) log.warn({ unreadable }, 'some factor secrets do not open with the configured key');
  await stores.settings.insertValueIfAbsent(KEY_CHECK_SETTING, keyring.createCheckValue(), ctx.now());
  // Instances starting together: whichever stored it first, this key must open it.
  const winner = await stores.settings.getValue(KEY_CHECK_SETTING);
  if (winner !== null && !keyring.opensCheckValue(winner))
    throw new ConfigError(
      'TWOFOLD_SECRET_KEY differs from the key another instance started with on this database; every instance needs the same key.',
    );
}

/** Whether the database holds anything sealed or hashed under a key (then a new key must never be generated). */
export async function holdsKeyedData(stores: Stores): Promise<boolean> {
  if ((await stores.settings.getValue(KEY_CHECK_SETTING)) !== null) return true;
  return (await stores.factors.countSealed()) > 0 || (await stores.backupCodes.countAll()) > 0;
}

/** Outcome of {@link rotateSecretKey}. */
export interface RotationReport {
  /** Secrets sealed anew under the current key. */
  resealed: number;
  /** Secrets that already were. */
  alreadyCurrent: number;
  /** Ids of factors (or `provider_sms.authToken`-style settings) whose secret no configured key opens (left as they are). */
  unreadable: string[];
}

/**
 * `twofold rotate-key`: re-seals every factor secret under the current key (the
 * first of `TWOFOLD_SECRET_KEYS`), in batches of `batchSize`, each its own short
 * transaction, while servers keep serving: a server that lists both keys opens
 * either form, and each row is replaced only if it still holds what was read.
 * Once every secret is re-sealed the key check value moves to the new key.
 * Keyed hashes (backup codes, pending email/SMS codes) cannot be re-keyed
 * without their codes: they verify under any listed key (see docs/operations.md).
 */
export async function rotateSecretKey(
  ctx: KeyCheckContext,
  options: { batchSize: number },
): Promise<RotationReport> {
  const { stores, keyring } = ctx;
  const report: RotationReport = { resealed: 0, alreadyCurrent: 0, unreadable: [] };
  let afterId: string | null = null;
  for (;;) {
    const page = await stores.factors.listSealed(afterId, options.batchSize);
    if (page.length === 0) break;
    afterId = page[page.length - 1]!.id;
    await stores.transaction(async (tx) => {
      for (const factor of page) {
        if (keyring.isSealedWithCurrentKey(factor.secretSealed)) {
          report.alreadyCurrent += 1;
          continue;
        }
        let secret: Buffer;
        try {
          secret = keyring.open(factor.secretSealed, factor.id);
        } catch {
          report.unreadable.push(factor.id);
          continue;
        }
        const next = keyring.seal(secret, factor.id);
        secret.fill(0);
        if (await tx.factors.reseal(factor.id, factor.secretSealed, next)) report.resealed += 1;
      }
    });
  }
  // The mail and SMS secrets set in the admin console.
  const providers = await resealProviderSecrets(ctx);
  report.resealed += providers.resealed;
  report.alreadyCurrent += providers.alreadyCurrent;
  report.unreadable.push(...providers.unreadable);
  if (report.unreadable.length === 0)
    await stores.settings.setValue(KEY_CHECK_SETTING, keyring.createCheckValue(), ctx.now());
  return report;
}
