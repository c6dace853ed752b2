import Provider, {
  type Account,
  type Configuration,
  interactionPolicy,
  type KoaContextWithOIDC,
} from 'oidc-provider';
import { sessionCookieName } from '../http/session-cookie.js';
import type { ServiceContext } from '../services/context.js';
import { loadEffectivePolicy } from '../services/effective-policy.js';
import { authenticateSession } from '../services/sign-in/sessions.js';
import type { Session, User } from '../storage/types.js';
import { createOidcAdapter } from './adapter.js';
import { requestsSecondFactor } from './amr.js';
import type { OidcKeys } from './keys.js';
import { errorPage, logoutPage, logoutSuccessPage } from './pages.js';

/** Where the provider is mounted in the fastify app; the issuer is `${PUBLIC_URL}${OIDC_MOUNT_PATH}`. */
export const OIDC_MOUNT_PATH = '/oidc';

/** Twofold's pages for a pending authorization request live under this path (the interaction cookie's path). */
export const INTERACTION_PATH = '/interaction';

/** Lifetimes of what the provider issues, in seconds. */
export const OIDC_TTL_SECONDS = {
  AuthorizationCode: 60,
  AccessToken: 3600,
  IdToken: 3600,
  RefreshToken: 14 * 86400,
  Interaction: 3600,
  Grant: 365 * 86400,
} as const;

/** The model under which the Twofold methods of one sign-in are kept (for the `twofold_methods` claim). */
export const LOGIN_METHODS_MODEL = 'TwofoldLogin';

export function loginMethodsId(accountId: string, authTimeSeconds: number): string {
  return `${accountId}:${authTimeSeconds}`;
}

/** The Twofold session behind the browser's session cookie, if it is alive. */
export async function twofoldSessionFromCookie(
  ctx: ServiceContext,
  cookieHeader: string | undefined,
): Promise<{ session: Session; user: User } | null> {
  const token = readCookie(cookieHeader, sessionCookieName(ctx.config));
  return token ? authenticateSession(ctx, token) : null;
}

function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

/** Whether an application demands a second factor of everyone who signs in to it. */
async function clientRequiresMfa(ctx: ServiceContext, clientId: string | undefined): Promise<boolean> {
  if (!clientId) return false;
  return (await ctx.stores.oidcClients.findById(clientId))?.requireMfa ?? false;
}

/** Whether this authorization request needs a password and a second factor. */
export async function secondFactorDemanded(
  ctx: ServiceContext,
  params: Record<string, unknown>,
): Promise<boolean> {
  return (
    requestsSecondFactor(params.acr_values, params.claims) ||
    (await clientRequiresMfa(ctx, typeof params.client_id === 'string' ? params.client_id : undefined))
  );
}

/**
 * Whether this user must prove a second factor for this request: the request or
 * the application demands one, or (fail closed) the user has a factor, or policy
 * requires one now.
 */
export async function secondFactorOwed(
  ctx: ServiceContext,
  user: User,
  params: Record<string, unknown>,
): Promise<boolean> {
  if (await secondFactorDemanded(ctx, params)) return true;
  if ((await ctx.stores.factors.listConfirmed(user.id)).length > 0) return true;
  const { effective } = await loadEffectivePolicy(ctx, user);
  return effective.required && !effective.enrollmentDeadline;
}

/**
 * The login prompt: the library's checks (no session, max_age, id_token_hint,
 * essential acr) plus two of Twofold's own:
 *  - the browser's Twofold session must still be the one the provider's session
 *    mirrors (signing out of Twofold, or in again, ends single sign-on);
 *  - a request or an application that demands a second factor gets one, whatever
 *    the session proved so far (step-up).
 */
function interactionPolicyFor(ctx: ServiceContext) {
  const { Check, base } = interactionPolicy;
  const policy = base();
  const login = policy.get('login')!;
  login.checks.add(
    new Check('twofold_session', 'End-User authentication with Twofold is required', async (kctx) => {
      const session = kctx.oidc.session;
      if (!session?.accountId) return Check.REQUEST_PROMPT;
      const found = await twofoldSessionFromCookie(ctx, kctx.get('cookie'));
      if (!found || found.user.id !== session.accountId) return Check.REQUEST_PROMPT;
      if (Math.floor(found.session.createdAt.getTime() / 1000) !== session.loginTs)
        return Check.REQUEST_PROMPT;
      return Check.NO_NEED_TO_PROMPT;
    }),
  );
  login.checks.add(
    new Check('twofold_second_factor', 'A second factor is required', async (kctx) => {
      const session = kctx.oidc.session;
      if (session?.acr === 'mfa' || !session?.accountId) return Check.NO_NEED_TO_PROMPT;
      const user = await ctx.stores.users.findById(session.accountId);
      if (!user) return Check.REQUEST_PROMPT;
      const owed = await secondFactorOwed(ctx, user, kctx.oidc.params as Record<string, unknown>);
      return owed ? Check.REQUEST_PROMPT : Check.NO_NEED_TO_PROMPT;
    }),
  );
  return policy;
}

/** The account behind a subject: standard claims plus the methods of the sign-in that issued `token`. */
async function findAccount(ctx: ServiceContext, sub: string, token: unknown): Promise<Account | undefined> {
  const user = await ctx.stores.users.findById(sub);
  if (!user) return undefined;
  const authTime = (token as { authTime?: number } | undefined)?.authTime;
  return {
    accountId: user.id,
    async claims() {
      const factors = await ctx.stores.factors.listConfirmed(user.id);
      // The address is verified when an email factor on it was confirmed with a code sent there.
      const emailVerified = factors.some((f) => f.type === 'email' && f.destination === user.email);
      let methods: string[] | undefined;
      if (typeof authTime === 'number') {
        const record = await ctx.stores.oidcPayloads.find(
          LOGIN_METHODS_MODEL,
          loginMethodsId(user.id, authTime),
          ctx.now(),
        );
        methods = record?.payload.methods as string[] | undefined;
      }
      return {
        sub: user.id,
        email: user.email,
        email_verified: emailVerified,
        ...(user.name ? { name: user.name } : {}),
        ...(methods ? { twofold_methods: methods } : {}),
      };
    },
  };
}

/** Ends the Twofold session of a browser that confirmed an RP-initiated sign-out. */
async function endTwofoldSession(ctx: ServiceContext, kctx: KoaContextWithOIDC): Promise<void> {
  const found = await twofoldSessionFromCookie(ctx, kctx.get('cookie'));
  if (found) await ctx.stores.sessions.revoke(found.session.id, ctx.now());
  // The session is revoked above, so the cookie is dead either way; a `__Host-` (https) cookie is
  // left for the browser to drop, since koa refuses Secure cookies on a proxied plain connection.
  const cookieName = sessionCookieName(ctx.config);
  if (!cookieName.startsWith('__Host-'))
    kctx.cookies.set(cookieName, null, { signed: false, path: '/', httpOnly: true, sameSite: 'lax' });
  if (found) {
    await ctx.stores.audit.append({
      type: 'oidc_sign_out',
      userId: found.user.id,
      actorId: found.user.id,
      orgId: found.user.orgId,
      ip: kctx.ip ?? null,
      userAgent: kctx.get('user-agent') || null,
      details: { clientId: kctx.oidc.client?.clientId ?? null },
      at: ctx.now(),
    });
  }
}

/**
 * Twofold's OpenID Connect provider: authorization code flow with PKCE (S256) for
 * every client, refresh tokens that rotate, userinfo, revocation, introspection for
 * confidential clients, RP-initiated logout. Everything it stores goes through the
 * Kysely adapter; its keys come from the database.
 */
export function createOidcProvider(
  ctx: ServiceContext,
  options: { issuer: string; keys: OidcKeys },
): Provider {
  const secureCookies = options.issuer.startsWith('https:');
  const configuration: Configuration = {
    adapter: createOidcAdapter(ctx),
    findAccount: (_kctx, sub, token) => findAccount(ctx, sub, token),
    jwks: options.keys.jwks as Configuration['jwks'],
    cookies: {
      keys: options.keys.cookieKeys,
      long: { httpOnly: true, sameSite: 'lax', secure: secureCookies },
      short: { httpOnly: true, sameSite: 'lax', secure: secureCookies },
      names: {
        session: 'twofold_oidc_session',
        interaction: 'twofold_oidc_interaction',
        resume: 'twofold_oidc_resume',
      },
    },
    claims: {
      // amr, acr and auth_time are listed under openid so that every ID token carries them.
      openid: ['sub', 'acr', 'amr', 'auth_time', 'twofold_methods'],
      email: ['email', 'email_verified'],
      profile: ['name'],
    },
    scopes: ['openid', 'profile', 'email', 'offline_access'],
    acrValues: ['mfa', 'pwd'],
    // With scope email the ID token itself carries email and email_verified (API.md).
    conformIdTokenClaims: false,
    responseTypes: ['code'],
    pkce: { required: () => true },
    clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'none'],
    allowOmittingSingleRegisteredRedirectUri: false,
    enabledJWA: {
      idTokenSigningAlgValues: ['RS256', 'ES256'],
      userinfoSigningAlgValues: ['RS256', 'ES256'],
      introspectionSigningAlgValues: ['RS256', 'ES256'],
      authorizationSigningAlgValues: ['RS256', 'ES256'],
      requestObjectSigningAlgValues: ['RS256', 'ES256'],
    },
    features: {
      devInteractions: { enabled: false },
      claimsParameter: { enabled: true },
      userinfo: { enabled: true },
      revocation: {
        enabled: true,
        allowedPolicy: async (_kctx, client, token) => token.clientId === client.clientId,
      },
      introspection: {
        enabled: true,
        // Only a confidential application may introspect, and only its own tokens.
        allowedPolicy: async (_kctx, client, token) =>
          client.clientAuthMethod !== 'none' && token.clientId === client.clientId,
      },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (kctx, form) => {
          kctx.type = 'html';
          kctx.body = logoutPage(form, kctx.oidc.client?.clientName ?? null);
        },
        postLogoutSuccessSource: async (kctx) => {
          kctx.type = 'html';
          kctx.body = logoutSuccessPage(kctx.oidc.client?.clientName ?? null);
        },
      },
    },
    rotateRefreshToken: true,
    issueRefreshToken: async (_kctx, client, code) =>
      client.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access'),
    interactions: {
      url: (_kctx, interaction) => `${INTERACTION_PATH}/${interaction.uid}`,
      policy: interactionPolicyFor(ctx),
    },
    // First-party applications never ask for consent: their grant is made on the spot.
    loadExistingGrant: async (kctx) => {
      const { oidc } = kctx;
      const session = oidc.session!;
      const grantId = oidc.result?.consent?.grantId || session.grantIdFor(oidc.client!.clientId);
      if (grantId) {
        const existing = await oidc.provider.Grant.find(grantId);
        if (existing) return existing;
      }
      const client = await ctx.stores.oidcClients.findById(oidc.client!.clientId);
      if (!client?.firstParty || !session.accountId) return undefined;
      const grant = new oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope([...oidc.requestParamOIDCScopes].join(' '));
      if (oidc.requestParamClaims.size) grant.addOIDCClaims([...oidc.requestParamClaims]);
      await grant.save();
      return grant;
    },
    ttl: { ...OIDC_TTL_SECONDS, Session: ctx.config.sessionTtlSeconds },
    renderError: async (kctx, out) => {
      kctx.type = 'html';
      kctx.body = errorPage(out);
    },
  };
  const provider = new Provider(options.issuer, configuration);
  if (ctx.config.trustProxy) provider.proxy = true;

  // Client secrets are stored as keyed hashes: compare the presented one by hashing it.
  provider.Client.prototype.compareClientSecret = async function compareClientSecret(
    this: { clientSecret?: string },
    actual: string,
  ) {
    return typeof this.clientSecret === 'string' && ctx.keyring.verifyCode(actual, this.clientSecret);
  };

  // The same protective headers as the rest of Twofold (the provider answers before fastify's hooks).
  provider.use(async (kctx, next) => {
    kctx.set('X-Content-Type-Options', 'nosniff');
    kctx.set('X-Frame-Options', 'DENY');
    kctx.set('Referrer-Policy', 'no-referrer');
    await next();
  });

  // RP-initiated logout ends the Twofold session as well.
  provider.use(async (kctx, next) => {
    await next();
    const oidc = (kctx as KoaContextWithOIDC).oidc;
    if (oidc?.route === 'end_session_confirm' && oidc.params?.logout && kctx.status === 303) {
      await endTwofoldSession(ctx, kctx as KoaContextWithOIDC);
    }
  });
  return provider;
}
