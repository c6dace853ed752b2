import { Command } from 'commander';
import { openStores } from '../bootstrap.js';
import { ConfigError, loadConfig } from '../config/config.js';
import { createDelivery } from '../delivery/create-delivery.js';
import { createClientBody } from '../http/schemas/oidc.js';
import { createLogger } from '../logger.js';
import { createMetrics } from '../metrics.js';
import { rotateSigningKeys } from '../oidc/keys.js';
import { serve } from '../serve.js';
import { createUser, resetUserMfa, unlockUser } from '../services/admin-users.js';
import type { ServiceContext } from '../services/context.js';
import { MailNotifier } from '../services/notifications.js';
import { createClient } from '../services/oidc-clients.js';
import { normalizeEmail } from '../services/sign-in.js';

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
        if (!email || !password || password.length < 8) {
          console.error(
            'Give --email and --password (at least 8 characters), or set TWOFOLD_ADMIN_EMAIL and TWOFOLD_ADMIN_PASSWORD.',
          );
          process.exitCode = 1;
          return;
        }
        const user = await createUser(
          ctx,
          { email, password, role: 'system_admin' },
          { kind: 'cli' },
          CLI_META,
        );
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
