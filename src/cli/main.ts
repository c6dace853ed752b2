import { Command } from 'commander';
import { openStores } from '../bootstrap.js';
import { ConfigError, loadConfig } from '../config/config.js';
import { createDelivery } from '../delivery/create-delivery.js';
import { AppError } from '../errors.js';
import { createLogger } from '../logger.js';
import { createMetrics } from '../metrics.js';
import { serve } from '../serve.js';
import { createUser, resetUserMfa, unlockUser } from '../services/admin-users.js';
import { createApiKey, toApiKeyView } from '../services/api-keys.js';
import type { ServiceContext } from '../services/context.js';
import { MailNotifier } from '../services/notifications.js';
import { normalizeEmail } from '../services/sign-in.js';
import type { User } from '../storage/types.js';

const CLI_META = { ip: null, userAgent: 'twofold-cli' };

/** Opens the same stores as the server, runs `fn`, closes. */
async function withContext(fn: (ctx: ServiceContext) => Promise<void>): Promise<void> {
  const config = loadConfig();
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const { stores, keyring } = await openStores(config, log);
  const now = () => new Date();
  const metrics = createMetrics();
  const delivery = createDelivery(config, { log, metrics, now });
  // A break-glass reset still tells the user by email (SECURITY.md rule 19).
  const notifier = new MailNotifier({ delivery, log, now });
  try {
    await fn({ config, stores, keyring, log, now, metrics, delivery, notifier, verifiers: {} });
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
  return program;
}

export async function runCli(argv: string[] = process.argv): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : (error as Error).message);
    process.exitCode = 1;
  }
}
