import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { openStores } from '../bootstrap.js';
import { ConfigError, loadConfig } from '../config/config.js';
import { createDelivery } from '../delivery/create-delivery.js';
import { AppError } from '../errors.js';
import { factorVerifiers } from '../factors/index.js';
import { createClientBody } from '../http/schemas/oidc.js';
import { createLogger } from '../logger.js';
import { createMetrics } from '../metrics.js';
import { rotateSigningKeys } from '../oidc/keys.js';
import { serve } from '../serve.js';
import { createUser, resetUserMfa, unlockUser } from '../services/admin/admin-users.js';
import { createApiKey, toApiKeyView } from '../services/admin/api-keys.js';
import { createClient } from '../services/admin/oidc-clients.js';
import { createProviderLoader } from '../services/admin/provider-settings.js';
import { rotateSecretKey } from '../services/admin/secret-keys.js';
import type { ServiceContext } from '../services/context.js';
import { expireBackupCodes } from '../services/expire-backup-codes.js';
import { MailNotifier } from '../services/notifications.js';
import { normalizeEmail } from '../services/sign-in/sign-in.js';
import type { User } from '../storage/types.js';

const CLI_META = { ip: null, userAgent: 'twofold-cli' };

/** Opens the same stores as the server, runs `fn`, closes. */
async function withContext(fn: (ctx: ServiceContext) => Promise<void>): Promise<void> {
  const config = loadConfig();
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const { stores, keyring } = await openStores(config, log);
  const now = () => new Date();
  const metrics = createMetrics();
  const delivery = createDelivery(config, {
    log,
    metrics,
    now,
    loadConsoleSettings: createProviderLoader({ config, stores, keyring }),
  });
  // A break-glass reset still tells the user by email (SECURITY.md rule 19).
  const notifier = new MailNotifier({ delivery, log, now, stores, config });
  try {
    await delivery.reload();
    await fn({
      config,
      stores,
      keyring,
      log,
      now,
      metrics,
      delivery,
      notifier,
      verifiers: factorVerifiers(),
    });
  } finally {
    await stores.close();
    await notifier.settled();
  }
}

async function findUserOrExit(ctx: ServiceContext, email: string) {
  const user = await ctx.stores.users.findByEmail(normalizeEmail(email));
  if (!user) {
    console.error(`No user with email ${email}.`);
    process.exitCode = 1;
  }
  return user;
}

export function buildCli(): Command {
  const program = new Command('twofold')
    .description('Twofold two-factor authentication server')
    .showHelpAfterError();

  program
    .command('serve')
    .description('start the HTTP server and web UI')
    .action(() => serve());

  program
    .command('migrate')
    .description('bring the database schema up to date')
    .action(() => withContext(async () => console.log('Database is up to date.')));

  program
    .command('create-admin')
    .description('create a system administrator')
    .option('--email <email>', 'email (default: TWOFOLD_ADMIN_EMAIL)')
    .option('--password <password>', 'password (default: TWOFOLD_ADMIN_PASSWORD)')
    .action((options: { email?: string; password?: string }) =>
      withContext(async (ctx) => {
        const email = options.email ?? ctx.config.adminEmail;
        const password = options.password ?? ctx.config.adminPassword;
        if (!email || !password) {
          console.error(
            'Give --email and --password, or set TWOFOLD_ADMIN_EMAIL and TWOFOLD_ADMIN_PASSWORD.',
          );
          process.exitCode = 1;
          return;
        }
        let user: User;
        try {
          user = await createUser(ctx, { email, password, role: 'system_admin' }, { kind: 'cli' }, CLI_META);
        } catch (error) {
          // A weak or short password: say why (the same rules as the API), no stack trace.
          if (error instanceof AppError && error.code === 'invalid_request') {
            console.error(error.message);
            process.exitCode = 1;
            return;
          }
          throw error;
        }
        console.log(`Created system admin ${user.email} (${user.id}).`);
      }),
    );

  program
    .command('reset-mfa <email>')
    .description("remove a user's factors and backup codes and end their sessions (break-glass)")
    .action((email: string) =>
      withContext(async (ctx) => {
        const user = await findUserOrExit(ctx, email);
        if (!user) return;
        await resetUserMfa(ctx, user, { kind: 'cli' }, CLI_META);
        console.log(
          `Reset two-factor authentication of ${user.email}. They enroll again at next sign-in where policy requires.`,
        );
      }),
    );

  program
    .command('unlock <email>')
    .description('clear a lockout after too many failed codes')
    .action((email: string) =>
      withContext(async (ctx) => {
        const user = await findUserOrExit(ctx, email);
        if (!user) return;
        await unlockUser(ctx, user, { kind: 'cli' }, CLI_META);
        console.log(`Unlocked ${user.email}.`);
      }),
    );

  const apiKey = program.command('api-key').description('keys of the verify API (/api/v1)');
  apiKey
    .command('create')
    .description('create a verify API key; prints it once, as JSON')
    .requiredOption('--name <name>', 'what the key is for (audited as the actor of its calls)')
    .option('--org <orgId>', 'limit the key to the users of one organization')
    .action((options: { name: string; org?: string }) =>
      withContext(async (ctx) => {
        const name = options.name.trim();
        if (!name || name.length > 100) {
          console.error('Give --name, 1 to 100 characters.');
          process.exitCode = 1;
          return;
        }
        const created = await createApiKey(
          ctx,
          { name, orgId: options.org ?? null },
          { kind: 'cli' },
          CLI_META,
        );
        console.log(JSON.stringify({ ...toApiKeyView(created.apiKey), key: created.key }, null, 2));
      }),
    );

  program
    .command('backup <file>')
    .description('copy the SQLite database to <file> while the server runs (online); back up the key too')
    .action((file: string) =>
      withContext(async (ctx) => {
        const { database } = ctx.stores;
        if (!database.backup) {
          console.error(
            'twofold backup copies SQLite databases; for PostgreSQL use pg_dump (see docs/operations.md).',
          );
          process.exitCode = 1;
          return;
        }
        const target = resolve(file);
        if (existsSync(target)) {
          console.error(`${target} exists; give a new file name.`);
          process.exitCode = 1;
          return;
        }
        await database.backup(target);
        console.log(
          `Backed up the database to ${target} (mode 0600). Keep TWOFOLD_SECRET_KEY (or secret.key) with it: without the key the factors in it cannot be used. A restore brings back backup codes used after this moment: run twofold expire-backup-codes --since <this backup's time> after restoring.`,
        );
      }),
    );

  program
    .command('expire-backup-codes')
    .description(
      'after a restore: mark used every unused backup code created at or before --since (the backup time); users are told to create new ones',
    )
    .requiredOption(
      '--since <time>',
      'when the restored backup was taken (ISO 8601, e.g. 2026-11-29T22:00:00Z)',
    )
    .action((options: { since: string }) =>
      withContext(async (ctx) => {
        const since = new Date(options.since);
        if (!/^\d{4}-\d{2}-\d{2}/.test(options.since) || Number.isNaN(since.getTime())) {
          console.error('--since: an ISO 8601 date or time, e.g. 2026-11-29T22:00:00Z.');
          process.exitCode = 1;
          return;
        }
        const { users, codes } = await expireBackupCodes(ctx, { since }, CLI_META);
        console.log(
          `Expired ${codes} unused backup code(s) of ${users} user(s) created at or before ${since.toISOString()}; each was told by email to create a new set.`,
        );
      }),
    );

  program
    .command('rotate-key')
    .description(
      're-seal every factor secret under the first key of TWOFOLD_SECRET_KEYS (newest first, old after), online, in batches',
    )
    .option('--batch-size <n>', 'secrets per transaction', '100')
    .action((options: { batchSize: string }) =>
      withContext(async (ctx) => {
        const batchSize = Number.parseInt(options.batchSize, 10);
        if (!Number.isInteger(batchSize) || batchSize < 1) {
          console.error('--batch-size: a whole number of at least 1.');
          process.exitCode = 1;
          return;
        }
        const report = await rotateSecretKey(ctx, { batchSize });
        console.log(
          `Re-sealed ${report.resealed} secret(s) under key ${ctx.keyring.currentKeyId}; ${report.alreadyCurrent} already were.`,
        );
        if (report.unreadable.length) {
          console.error(
            `${report.unreadable.length} secret(s) open with no configured key (factors ${report.unreadable.join(', ')}); left as they are. The key check value was not moved.`,
          );
          process.exitCode = 1;
          return;
        }
        console.log(
          'Backup codes and pending email/SMS codes are keyed hashes: they keep verifying while their key stays listed in TWOFOLD_SECRET_KEYS. See docs/operations.md before dropping the old key.',
        );
      }),
    );

  const client = program
    .command('client')
    .description('applications that sign in through Twofold (OpenID Connect)');
  client
    .command('create')
    .description('register an application; prints its client id (and secret, shown once) as JSON')
    .requiredOption('--name <name>', 'name shown to users')
    .option('--redirect-uri <uri>', 'allowed redirect URI (repeat for several)', collect, [])
    .option('--post-logout-redirect-uri <uri>', 'allowed post-logout redirect URI (repeatable)', collect, [])
    .option('--public', 'a public client (no secret: SPAs, native apps)')
    .option('--first-party', 'skip the consent screen')
    .option('--require-mfa', 'require a second factor of everyone signing in to it')
    .action(
      (options: {
        name: string;
        redirectUri: string[];
        postLogoutRedirectUri: string[];
        public?: boolean;
        firstParty?: boolean;
        requireMfa?: boolean;
      }) =>
        withContext(async (ctx) => {
          const parsed = createClientBody.safeParse({
            name: options.name,
            redirectUris: options.redirectUri,
            postLogoutRedirectUris: options.postLogoutRedirectUri,
            type: options.public ? 'public' : 'confidential',
            firstParty: options.firstParty ?? false,
            requireMfa: options.requireMfa ?? false,
          });
          if (!parsed.success) {
            for (const issue of parsed.error.issues)
              console.error(`${issue.path.join('.')}: ${issue.message}`);
            process.exitCode = 1;
            return;
          }
          const created = await createClient(ctx, parsed.data, { kind: 'cli' }, CLI_META);
          console.log(JSON.stringify(created, null, 2));
        }),
    );

  const keys = program.command('keys').description('signing keys of the OpenID Connect provider');
  keys
    .command('rotate')
    .description('add new RS256 and ES256 signing keys; the previous ones stay published for a day')
    .action(() =>
      withContext(async (ctx) => {
        const { kids, removed } = await rotateSigningKeys(ctx);
        console.log(
          `New signing keys ${kids.join(', ')}; ${removed} expired key(s) removed. Restart every instance to sign with them.`,
        );
      }),
    );
  return program;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export async function runCli(argv: string[] = process.argv): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : (error as Error).message);
    process.exitCode = 1;
  }
}
