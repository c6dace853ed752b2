import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { InteractionResults } from 'oidc-provider';
import { AppError } from '../../errors.js';
import { verifyPasskey } from '../../factors/webauthn/service.js';
import { acrFor, hasSecondFactor, rfc8176Amr, twofoldMethodNames } from '../../oidc/amr.js';
import {
  LOGIN_METHODS_MODEL,
  loginMethodsId,
  OIDC_TTL_SECONDS,
  secondFactorDemanded,
  secondFactorOwed,
  twofoldSessionFromCookie,
} from '../../oidc/provider.js';
import type { OidcClient } from '../../storage/sql/oidc-clients-repository.js';
import type { Session, User } from '../../storage/types.js';
import { recordEvent } from '../audit-log.js';
import type { RequestMeta, ServiceContext } from '../context.js';
import { type LoginResult, signIn } from './sign-in.js';

type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;

/** The raw request and response of one HTTP exchange (the provider reads and writes its cookies there). */
export interface RawExchange {
  req: IncomingMessage;
  res: ServerResponse;
}

/** What the sign-in and consent pages show about a pending authorization request. */
export interface InteractionView {
  uid: string;
  prompt: 'login' | 'consent';
  clientId: string;
  clientName: string;
  scopes: string[];
  /** A fresh password and second factor are needed (prompt=login, max_age). */
  fresh: boolean;
  /** The request or the application demands a second factor. */
  secondFactor: boolean;
}

const expired = () =>
  new AppError('not_found', {
    message:
      'This sign-in request has expired or belongs to another browser. Go back to the application and start again.',
  });

/**
 * The pending authorization request of this browser: the provider finds it through
 * its interaction cookie (so a request started in another browser cannot be
 * finished here — login CSRF), and it must be the one the URL names.
 */
export async function loadInteraction(provider: Provider, exchange: RawExchange, uid: string) {
  let details: Interaction;
  try {
    details = await provider.interactionDetails(exchange.req, exchange.res);
  } catch {
    throw expired();
  }
  if (details.uid !== uid) throw expired();
  return details;
}

function clientIdOf(details: Interaction): string {
  return String(details.params.client_id ?? '');
}

async function clientOf(ctx: ServiceContext, details: Interaction): Promise<OidcClient> {
  const client = await ctx.stores.oidcClients.findById(clientIdOf(details));
  if (!client) throw expired();
  return client;
}

/** prompt=login, or max_age passed: a session from before this request does not count. */
function needsFreshSignIn(details: Interaction): boolean {
  const reasons = details.prompt.reasons as string[];
  return reasons.includes('login_prompt') || reasons.includes('max_age');
}

/** Twofold's record of when the browser reached a request that needs a fresh sign-in (Twofold's clock). */
const INTERACTION_START_MODEL = 'TwofoldInteraction';

async function rememberInteractionStart(ctx: ServiceContext, details: Interaction): Promise<void> {
  if (await ctx.stores.oidcPayloads.find(INTERACTION_START_MODEL, details.uid, ctx.now())) return;
  const now = ctx.now();
  await ctx.stores.oidcPayloads.upsert(
    INTERACTION_START_MODEL,
    details.uid,
    { startedAt: now.getTime() },
    new Date(now.getTime() + OIDC_TTL_SECONDS.Interaction * 1000),
  );
}

/** When the request began, on the clock sessions are stamped with (so the two compare). */
async function interactionStartedAtMs(ctx: ServiceContext, details: Interaction): Promise<number> {
  const record = await ctx.stores.oidcPayloads.find(INTERACTION_START_MODEL, details.uid, ctx.now());
  if (typeof record?.payload.startedAt === 'number') return record.payload.startedAt;
  const iat = (details as unknown as { iat?: number }).iat;
  return (iat ?? (details.exp ?? 0) - OIDC_TTL_SECONDS.Interaction) * 1000;
}

export async function describeInteraction(
  ctx: ServiceContext,
  provider: Provider,
  exchange: RawExchange,
  uid: string,
): Promise<InteractionView> {
  const details = await loadInteraction(provider, exchange, uid);
  const client = await clientOf(ctx, details);
  return {
    uid,
    prompt: details.prompt.name === 'consent' ? 'consent' : 'login',
    clientId: client.clientId,
    clientName: client.name,
    scopes: String(details.params.scope ?? '')
      .split(' ')
      .filter(Boolean),
    fresh: needsFreshSignIn(details),
    secondFactor: await secondFactorDemanded(ctx, details.params),
  };
}

/**
 * Whether a Twofold session may answer this request: it proved a second factor if
 * the request or application demands one, or if the user has any (fail closed),
 * and it is newer than the request when a fresh sign-in is demanded.
 */
async function refusalOf(
  ctx: ServiceContext,
  found: { session: Session; user: User },
  details: Interaction,
): Promise<string | null> {
  const { session, user } = found;
  if (user.lockedUntil && user.lockedUntil > ctx.now()) return 'account_locked';
  if (needsFreshSignIn(details) && session.createdAt.getTime() < (await interactionStartedAtMs(ctx, details)))
    return 'fresh_sign_in_required';
  if (!hasSecondFactor(session.amr) && (await secondFactorOwed(ctx, user, details.params)))
    return 'second_factor_required';
  return null;
}

/** Hands the provider the sign-in the session proved; returns where the browser goes next. */
async function finishLogin(
  ctx: ServiceContext,
  provider: Provider,
  exchange: RawExchange,
  details: Interaction,
  found: { session: Session; user: User },
  meta: RequestMeta,
  singleSignOn: boolean,
): Promise<string> {
  const { session, user } = found;
  const ts = Math.floor(session.createdAt.getTime() / 1000);
  const amr = rfc8176Amr(session.amr);
  const methods = twofoldMethodNames(session.amr);
  // Kept as long as a refresh token of this sign-in can ask for a new ID token.
  await ctx.stores.oidcPayloads.upsert(
    LOGIN_METHODS_MODEL,
    loginMethodsId(user.id, ts),
    { methods, accountId: user.id },
    new Date(ctx.now().getTime() + OIDC_TTL_SECONDS.RefreshToken * 1000),
  );
  const result: InteractionResults = {
    login: { accountId: user.id, acr: acrFor(session.amr), amr, ts, remember: true },
  };
  const returnTo = await provider.interactionResult(exchange.req, exchange.res, result, {
    mergeWithLastSubmission: false,
  });
  const clientId = clientIdOf(details);
  ctx.metrics.oidcSignIns.inc({ client: clientId, outcome: 'authenticated' });
  await recordEvent(ctx, 'oidc_sign_in', {
    userId: user.id,
    orgId: user.orgId,
    meta,
    details: { clientId, methods, amr, singleSignOn },
  });
  return returnTo;
}

/** Records a refused OIDC sign-in, with the application it was for. */
export async function recordRefusal(
  ctx: ServiceContext,
  clientId: string,
  reason: string,
  meta: RequestMeta,
  user: User | null = null,
): Promise<void> {
  const known = clientId ? await ctx.stores.oidcClients.findById(clientId) : null;
  ctx.metrics.oidcSignIns.inc({ client: known ? clientId : 'unknown', outcome: 'refused' });
  await recordEvent(ctx, 'oidc_sign_in_refused', {
    userId: user?.id ?? null,
    orgId: user?.orgId ?? null,
    meta,
    details: { clientId, reason },
  });
}

/**
 * `GET /interaction/:uid`, where the provider sends the browser: answers at once
 * with a Twofold session that satisfies the request (single sign-on), else sends
 * the browser to the sign-in or consent page. Returns the URL to redirect to.
 */
export async function routeInteraction(
  ctx: ServiceContext,
  provider: Provider,
  exchange: RawExchange,
  uid: string,
  meta: RequestMeta,
): Promise<string> {
  const details = await loadInteraction(provider, exchange, uid);
  const client = await clientOf(ctx, details);
  const query = `interaction=${encodeURIComponent(uid)}`;
  if (details.prompt.name === 'consent') {
    // First-party applications are trusted: their consent is given on the user's behalf.
    const found = await twofoldSessionFromCookie(ctx, exchange.req.headers.cookie);
    if (client.firstParty && found && found.user.id === details.session?.accountId)
      return grantConsent(ctx, provider, exchange, details, found.user, meta);
    return `/consent?${query}`;
  }
  if (needsFreshSignIn(details)) await rememberInteractionStart(ctx, details);
  const found = await twofoldSessionFromCookie(ctx, exchange.req.headers.cookie);
  if (found && (await refusalOf(ctx, found, details)) === null) {
    return finishLogin(ctx, provider, exchange, details, found, meta, true);
  }
  return `/signin?${query}`;
}

/**
 * `POST /interaction/:uid/login`: the password step for this request. Same
 * service, limits and audit as `/api/auth/login`, but a second factor is demanded
 * when the request (acr_values=mfa) or the application requires one.
 */
export async function interactionPasswordStep(
  ctx: ServiceContext,
  provider: Provider,
  exchange: RawExchange,
  uid: string,
  input: { email: string; password: string },
  meta: RequestMeta,
): Promise<LoginResult> {
  const details = await loadInteraction(provider, exchange, uid);
  await clientOf(ctx, details);
  try {
    return await signIn(ctx, input, meta, {
      requireSecondFactor: await secondFactorDemanded(ctx, details.params),
    });
  } catch (error) {
    await recordRefusal(ctx, clientIdOf(details), error instanceof AppError ? error.code : 'error', meta);
    throw error;
  }
}

/**
 * `POST /interaction/:uid/passkey`: a passkey sign-in (both factors, no password) on
 * this request's sign-in page. The same service, limits and audit as
 * `/api/auth/passkey/verify`; a refused key is also recorded as a refusal for the
 * application, like a refused password at `/interaction/:uid/login`. The session it
 * opens answers the request through `/complete`, which checks it like any other.
 */
export async function interactionPasskeyStep(
  ctx: ServiceContext,
  provider: Provider,
  exchange: RawExchange,
  uid: string,
  input: { challengeId: string; response: unknown },
  meta: RequestMeta,
): Promise<Awaited<ReturnType<typeof verifyPasskey>>> {
  const details = await loadInteraction(provider, exchange, uid);
  await clientOf(ctx, details);
  try {
    return await verifyPasskey(ctx, input, meta);
  } catch (error) {
    await recordRefusal(ctx, clientIdOf(details), error instanceof AppError ? error.code : 'error', meta);
    throw error;
  }
}

/**
 * `POST /interaction/:uid/complete`: after the sign-in page finished (password,
 * second factor or enrollment), the new Twofold session answers the request.
 */
export async function completeInteraction(
  ctx: ServiceContext,
  provider: Provider,
  exchange: RawExchange,
  uid: string,
  meta: RequestMeta,
): Promise<{ redirectTo: string }> {
  const details = await loadInteraction(provider, exchange, uid);
  await clientOf(ctx, details);
  if (details.prompt.name !== 'login') throw expired();
  const found = await twofoldSessionFromCookie(ctx, exchange.req.headers.cookie);
  if (!found) throw new AppError('unauthenticated');
  const refusal = await refusalOf(ctx, found, details);
  if (refusal) {
    await recordRefusal(ctx, clientIdOf(details), refusal, meta, found.user);
    throw new AppError('forbidden', {
      message: 'This application needs a fresh sign-in with a second factor. Sign in again.',
      extra: { reason: refusal },
    });
  }
  return { redirectTo: await finishLogin(ctx, provider, exchange, details, found, meta, false) };
}

/** `POST /interaction/:uid/consent`: the user allows or refuses a third-party application. */
export async function answerConsent(
  ctx: ServiceContext,
  provider: Provider,
  exchange: RawExchange,
  uid: string,
  approve: boolean,
  meta: RequestMeta,
): Promise<{ redirectTo: string }> {
  const details = await loadInteraction(provider, exchange, uid);
  const client = await clientOf(ctx, details);
  if (details.prompt.name !== 'consent' || !details.session?.accountId) throw expired();
  const accountId = details.session.accountId;
  // The browser must still hold the Twofold session of the account that is asked.
  const found = await twofoldSessionFromCookie(ctx, exchange.req.headers.cookie);
  if (!found || found.user.id !== accountId) throw new AppError('unauthenticated');
  if (!approve) {
    await recordRefusal(ctx, client.clientId, 'consent_denied', meta, found.user);
    const redirectTo = await provider.interactionResult(exchange.req, exchange.res, {
      error: 'access_denied',
      error_description: 'The user did not allow access.',
    });
    return { redirectTo };
  }
  return { redirectTo: await grantConsent(ctx, provider, exchange, details, found.user, meta) };
}

/** Records the grant a consent prompt asked for (what was missing) and hands it to the provider. */
async function grantConsent(
  ctx: ServiceContext,
  provider: Provider,
  exchange: RawExchange,
  details: Interaction,
  user: User,
  meta: RequestMeta,
): Promise<string> {
  const accountId = user.id;
  const clientId = clientIdOf(details);
  const grant = details.grantId
    ? ((await provider.Grant.find(details.grantId)) ?? new provider.Grant({ accountId, clientId }))
    : new provider.Grant({ accountId, clientId });
  const missing = details.prompt.details as {
    missingOIDCScope?: string[];
    missingOIDCClaims?: string[];
    missingResourceScopes?: Record<string, string[]>;
  };
  // prompt=consent asks again for what was granted: grant every requested scope.
  const scopes =
    missing.missingOIDCScope ??
    String(details.params.scope ?? '')
      .split(' ')
      .filter(Boolean);
  grant.addOIDCScope(scopes.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, resourceScopes] of Object.entries(missing.missingResourceScopes ?? {}))
    grant.addResourceScope(indicator, resourceScopes.join(' '));
  const grantId = await grant.save();
  await recordEvent(ctx, 'oidc_consent_given', {
    userId: user.id,
    orgId: user.orgId,
    meta,
    details: { clientId, scopes },
  });
  return provider.interactionResult(exchange.req, exchange.res, { consent: { grantId } });
}
