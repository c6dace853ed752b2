import { useEffect, useState } from 'preact/hooks';
import { Alert, StatusLine } from '../components/alert.js';
import { AuthLayout } from '../components/auth-layout.js';
import { CodeForm } from '../components/code-form.js';
import { CheckField, Field } from '../components/field.js';
import { Icon, MethodIcon } from '../components/icons.js';
import { ResendButton, SetupWizard } from '../components/setup-wizard.js';
import { ApiError, api, describeError, lockedMessage } from '../lib/api.js';
import { type RequiredBy, useApp } from '../lib/app-context.js';
import { formatCountdown, methodName } from '../lib/format.js';
import { useCountdown, useFocusFirst, useTitle, useToastScope } from '../lib/hooks.js';
import { currentLocale, useTranslation } from '../lib/i18n.js';
import { safeNextPath } from '../lib/next-path.js';
import { useNavigate, useRoute } from '../lib/router.js';
import type { ChallengeResult, FactorType, LoginResult, SecondFactorMethod } from '../lib/types.js';
import {
  browserSupportsWebAuthnAutofill,
  signInWithPasskey,
  verifyWithSecurityKey,
  wasCancelled,
} from '../lib/webauthn.js';
import { interactionOf, returnToApplication } from './oidc-interaction.js';

type Notice = { title: string; text: string; tone: 'warning' | 'error' | 'info' };

type Stage =
  | {
      name: 'password';
      notice?: Notice | undefined;
      /** Back from a later step of the same person's sign-in: their address stays filled in. */
      email?: string | undefined;
    }
  | {
      name: 'second';
      mfaToken: string;
      methods: SecondFactorMethod[];
      method: SecondFactorMethod;
      email: string;
      /** The user's factors are disallowed now: this step proves an old one before enrolling a new one. */
      replaceFactor: boolean;
      /** Days this browser may be remembered, where policy offers it. */
      rememberDays?: number | undefined;
    }
  | { name: 'enroll'; mfaToken: string; allowedMethods: FactorType[]; email: string; replacing?: boolean };

/** Where to go after signing in: `?next=` when it is a path on this origin (see `safeNextPath`). */
export function nextPath(params: URLSearchParams, fallback = '/security'): string {
  return safeNextPath(params.get('next'), window.location.origin) ?? fallback;
}

/** Order methods with the preferred one first, then in the server's order (which lists backup codes last). */
function orderMethods(methods: SecondFactorMethod[], preferred: SecondFactorMethod | null | undefined) {
  const unique = Array.from(new Set(methods));
  return preferred && unique.includes(preferred)
    ? [preferred, ...unique.filter((m) => m !== preferred)]
    : unique;
}

export function SignInPage() {
  const app = useApp();
  const route = useRoute();
  const navigate = useNavigate();
  const { t } = useTranslation();
  // An application's sign-in request (OpenID Connect): finish it instead of opening Twofold's pages.
  const interaction = interactionOf(route.params);
  const [stage, setStage] = useState<Stage>({ name: 'password' });
  useToastScope(stage.name === 'second' ? `second:${stage.method}` : stage.name);
  useEffect(() => {
    if (app.current && !interaction) navigate(nextPath(route.params), { replace: true });
  }, []);
  useTitle(
    stage.name === 'password'
      ? t('web.signIn.title')
      : stage.name === 'enroll'
        ? t('web.signIn.titleEnroll')
        : t('web.signIn.titleSecond'),
    app.config.productName,
  );

  const complete = async (deadline?: string, requiredBy?: RequiredBy) => {
    if (interaction) {
      try {
        await returnToApplication(interaction);
      } catch (caught) {
        startAgain({
          tone: 'error',
          title: t('web.signIn.returnFailed'),
          text: describeError(caught),
        });
      }
      return;
    }
    app.setEnrollmentDeadline(deadline ?? null, requiredBy ?? null);
    await app.refreshSession();
    navigate(nextPath(route.params), { replace: true });
  };

  // Back to the first step of the same sign-in (it expired, too many tries, cancelled): the
  // address stays filled in. Only "Not you?" clears it.
  const startAgain = (notice?: Notice) =>
    setStage((previous) => ({ name: 'password', notice, email: previous.email }));
  const notMe = () => setStage({ name: 'password' });

  return (
    <AuthLayout wide={stage.name === 'enroll'}>
      {stage.name === 'password' && (
        <PasswordStep
          notice={stage.notice}
          initialEmail={stage.email}
          loginPath={
            interaction ? `/interaction/${encodeURIComponent(interaction)}/login` : '/api/auth/login'
          }
          passkeyPath={
            interaction
              ? `/interaction/${encodeURIComponent(interaction)}/passkey`
              : '/api/auth/passkey/verify'
          }
          onResult={(result, email) => {
            if (result.status === 'authenticated')
              void complete(result.mfaEnrollmentDeadline, result.requiredBy);
            else if (result.status === 'mfa_required') {
              const methods = orderMethods(result.methods, result.preferredMethod);
              setStage({
                name: 'second',
                mfaToken: result.mfaToken,
                methods,
                method: methods[0] ?? 'totp',
                email,
                replaceFactor: result.replaceFactor === true,
                rememberDays: result.rememberBrowserDays,
              });
            } else {
              setStage({
                name: 'enroll',
                mfaToken: result.mfaToken,
                allowedMethods: result.allowedMethods,
                email,
              });
            }
          }}
        />
      )}
      {stage.name === 'second' && (
        <SecondStep
          key={stage.method}
          stage={stage}
          onMethod={(method) => setStage({ ...stage, method })}
          onDone={() => void complete()}
          onEnroll={(result) =>
            setStage({
              name: 'enroll',
              mfaToken: result.mfaToken,
              allowedMethods: result.allowedMethods,
              email: stage.email,
              replacing: true,
            })
          }
          onStartAgain={startAgain}
          onNotMe={notMe}
        />
      )}
      {stage.name === 'enroll' && (
        <>
          {stage.replacing ? (
            <Alert tone="info" title={t('web.signIn.replacingTitle')}>
              {t('web.signIn.replacingText')}
            </Alert>
          ) : (
            <Alert tone="info" title={t('web.signIn.requiredTitle')}>
              {t('web.signIn.requiredText')}
            </Alert>
          )}
          <SetupWizard
            mfaToken={stage.mfaToken}
            allowedMethods={stage.allowedMethods}
            account={stage.email}
            title={t('web.signIn.protect')}
            onExpired={() =>
              startAgain({
                tone: 'warning',
                title: t('web.signIn.expiredTitle'),
                text: t('web.signIn.expiredSetup'),
              })
            }
            onComplete={() => void complete()}
            exit={{ label: t('web.signIn.cancel'), onExit: () => startAgain() }}
          />
        </>
      )}
    </AuthLayout>
  );
}

function PasswordStep({
  notice,
  initialEmail,
  loginPath,
  passkeyPath,
  onResult,
}: {
  notice?: Notice | undefined;
  initialEmail?: string | undefined;
  loginPath: string;
  /** Where the passkey's answer goes: the application's request records a refused key as its refusal. */
  passkeyPath: string;
  onResult: (result: LoginResult, email: string) => void;
}) {
  const { config } = useApp();
  const { t } = useTranslation();
  const [email, setEmail] = useState(initialEmail ?? '');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ email?: string; password?: string }>({});
  const [error, setError] = useState<string | null>(null);
  const [locked, setLocked] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ref = useFocusFirst<HTMLFormElement>();
  // The address is kept from a sign-in that was sent back here: the password is what to type.
  useEffect(() => {
    if (initialEmail) ref.current?.querySelector<HTMLInputElement>('input[name=password]')?.focus();
  }, []);

  // A passkey signs in without a password (both factors). Inside an application's sign-in request
  // (OpenID Connect) it does too: the new session then completes the request like any other sign-in,
  // its amr saying what the key proved (src/oidc/amr.ts).
  const passkey = async (autofill: boolean) => {
    if (!autofill) setBusy(true);
    setError(null);
    try {
      onResult(await signInWithPasskey(autofill, passkeyPath), email.trim());
    } catch (caught) {
      setBusy(false);
      if (wasCancelled(caught)) return;
      if (caught instanceof ApiError && caught.code === 'account_locked') {
        setLocked(lockedMessage(caught.retryAfterSeconds));
        return;
      }
      if (!autofill)
        setError(
          caught instanceof ApiError && caught.code === 'invalid_credentials'
            ? t('web.signIn.passkeyFailed')
            : describeError(caught),
        );
    }
  };
  // Conditional UI: the browser offers saved passkeys in the email field's autofill.
  useEffect(() => {
    if (!config.methods.webauthn) return;
    void browserSupportsWebAuthnAutofill().then((ok) => {
      if (ok) void passkey(true);
    });
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    const next: typeof errors = {};
    if (!email.trim()) next.email = t('web.signIn.enterEmail');
    if (!password) next.password = t('web.signIn.enterPassword');
    setErrors(next);
    if (next.email || next.password) {
      ref.current
        ?.querySelector<HTMLInputElement>(next.email ? 'input[name=email]' : 'input[name=password]')
        ?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    setLocked(null);
    try {
      const result = await api.post<LoginResult>(loginPath, { email: email.trim(), password });
      onResult(result, email.trim());
    } catch (caught) {
      setBusy(false);
      if (caught instanceof ApiError && caught.code === 'account_locked') {
        setLocked(lockedText(t, caught.retryAfterSeconds));
        return;
      }
      setError(describeError(caught));
      if (caught instanceof ApiError && caught.code === 'invalid_credentials') {
        setPassword('');
        ref.current?.querySelector<HTMLInputElement>('input[name=password]')?.focus();
      }
    }
  };

  return (
    <form ref={ref} onSubmit={submit} noValidate class="stack">
      <div>
        <h1>{t('web.signIn.title')}</h1>
        <p class="muted">{t('web.signIn.welcome')}</p>
      </div>
      {notice && (
        <Alert tone={notice.tone} title={notice.title}>
          {notice.text}
        </Alert>
      )}
      {locked && (
        <Alert tone="error" title={t('web.signIn.locked')}>
          {locked}
        </Alert>
      )}
      <Field
        label={t('web.signIn.email')}
        type="email"
        name="email"
        autocomplete={config.methods.webauthn ? 'username webauthn' : 'username'}
        spellcheck={false}
        autocapitalize="none"
        value={email}
        onValue={setEmail}
        error={errors.email}
      />
      <Field
        label={t('web.signIn.password')}
        type="password"
        name="password"
        autocomplete="current-password"
        value={password}
        onValue={setPassword}
        error={errors.password}
      />
      <p class="field-aside">
        <a href="/forgot-password">{t('web.signIn.forgot')}</a>
      </p>
      <StatusLine error={error} />
      <button type="submit" class="btn btn-primary btn-block" disabled={busy}>
        {busy ? t('web.signIn.signingIn') : t('web.signIn.continue')}
      </button>
      {config.methods.webauthn && (
        <button
          type="button"
          class="btn btn-secondary btn-block"
          disabled={busy}
          onClick={() => void passkey(false)}
        >
          <Icon name="key" /> {t('web.signIn.passkeyButton')}
        </button>
      )}
      {config.signupEnabled && (
        <p class="center muted">
          {t('web.signIn.newHere')} <a href="/signup">{t('web.signIn.createAccount')}</a>
        </p>
      )}
    </form>
  );
}

const TITLE_KEYS: Record<SecondFactorMethod, string> = {
  totp: 'web.signIn.methodTotp',
  webauthn: 'web.signIn.methodWebauthn',
  email: 'web.signIn.methodEmail',
  sms: 'web.signIn.methodSms',
  backup_code: 'web.signIn.methodBackup',
};

/** "Too many failed attempts. Try again in 15 minutes." in the UI's language. */
function lockedText(
  t: (key: string, values?: Record<string, unknown>) => string,
  retryAfterSeconds?: number,
) {
  if (!retryAfterSeconds) return lockedMessage(retryAfterSeconds);
  const until = new Date(Date.now() + retryAfterSeconds * 1000);
  return t('web.signIn.lockedFor', {
    minutes: t('duration.minutes', { count: Math.max(1, Math.ceil(retryAfterSeconds / 60)) }),
    time: until.toLocaleTimeString(currentLocale(), { hour: 'numeric', minute: '2-digit' }),
  });
}

/** "in 5 minutes", "5分钟后": when a code expires, through Intl.RelativeTimeFormat. */
function expiresIn(iso: string): string {
  const seconds = Math.max(0, (new Date(iso).getTime() - Date.now()) / 1000);
  return new Intl.RelativeTimeFormat(currentLocale(), { numeric: 'auto' }).format(
    Math.max(1, Math.ceil(seconds / 60)),
    'minute',
  );
}

function SecondStep({
  stage,
  onMethod,
  onDone,
  onEnroll,
  onStartAgain,
  onNotMe,
}: {
  stage: Extract<Stage, { name: 'second' }>;
  onMethod: (method: SecondFactorMethod) => void;
  onDone: () => void;
  /** The step proved an old factor: the server hands over an enrollment instead of a session. */
  onEnroll: (result: Extract<LoginResult, { status: 'mfa_enrollment_required' }>) => void;
  onStartAgain: (notice?: Notice) => void;
  /** "Not you?": back to the first step with the address cleared. */
  onNotMe: () => void;
}) {
  const { method, methods, mfaToken } = stage;
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [resetKey, setResetKey] = useState(0);
  const [challenge, setChallenge] = useState<ChallengeResult | null>(null);
  const [blocked, setBlocked] = useState<{ title: string; text: string } | null>(null);
  const [showOthers, setShowOthers] = useState(false);
  const [remember, setRemember] = useState(false);
  const resend = useCountdown(0);
  const ref = useFocusFirst<HTMLDivElement>([method, challenge === null, blocked === null]);
  const others = methods.filter((m) => m !== method);
  const needsSend = (method === 'email' || method === 'sms') && !challenge;

  const handleError = (caught: unknown) => {
    if (caught instanceof ApiError) {
      if (caught.code === 'invalid_mfa_token') {
        onStartAgain({
          tone: 'warning',
          title: t('web.signIn.expiredTitle'),
          text: t('web.signIn.expiredText'),
        });
        return;
      }
      if (caught.code === 'account_locked') {
        setBlocked({ title: t('web.signIn.locked'), text: lockedText(t, caught.retryAfterSeconds) });
        return;
      }
      if (caught.code === 'invalid_code' && caught.attemptsRemaining === 0) {
        onStartAgain({
          tone: 'error',
          title: t('web.signIn.tooManyTitle'),
          text: t('web.signIn.tooManyText'),
        });
        return;
      }
      if (caught.code === 'rate_limited' && caught.retryAfterSeconds) {
        // A code went out moments ago (maybe from another tab or the setup): the timer says when to ask again.
        resend.start(caught.retryAfterSeconds);
        setError(t('web.signIn.sentMoments'));
        return;
      }
    }
    setError(describeError(caught, method));
  };

  const send = async () => {
    if (method !== 'email' && method !== 'sms') return;
    setBusy(true);
    setError(null);
    try {
      const result = await api.post<ChallengeResult>('/api/auth/mfa/challenge', { mfaToken, method });
      setChallenge(result);
      resend.start(result.resendAfterSeconds ?? 30);
    } catch (caught) {
      handleError(caught);
    } finally {
      setBusy(false);
    }
  };

  const useKey = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await verifyWithSecurityKey(
        mfaToken,
        remember && stage.rememberDays && !stage.replaceFactor ? { rememberBrowser: true } : {},
      );
      if (result.status === 'mfa_enrollment_required') onEnroll(result);
      else onDone();
    } catch (caught) {
      setBusy(false);
      if (wasCancelled(caught)) setError(t('web.signIn.keyPromptClosed'));
      else handleError(caught);
    }
  };

  const verify = async (code: string) => {
    setBusy(true);
    setError(null);
    try {
      const result = await api.post<LoginResult>('/api/auth/mfa/verify', {
        mfaToken,
        method,
        code,
        ...(remember && stage.rememberDays && !stage.replaceFactor ? { rememberBrowser: true } : {}),
      });
      if (result.status === 'mfa_enrollment_required') onEnroll(result);
      else onDone();
    } catch (caught) {
      setBusy(false);
      handleError(caught);
      setResetKey((k) => k + 1);
    }
  };

  if (blocked) {
    return (
      <div class="stack" ref={ref}>
        <h1>{blocked.title}</h1>
        <Alert tone="error">{blocked.text}</Alert>
        <button type="button" class="btn btn-secondary btn-block" onClick={() => onStartAgain()}>
          {t('web.signIn.backToSignIn')}
        </button>
      </div>
    );
  }

  return (
    <div class="stack" ref={ref}>
      <div>
        <p class="eyebrow with-icon">
          <MethodIcon method={method} size={16} /> {t('web.signIn.twoStep')}
        </p>
        <h1>{t(TITLE_KEYS[method])}</h1>
        {stage.replaceFactor && (
          <Alert tone="info" title={t('web.signIn.changedTitle')}>
            {t('web.signIn.changedText')}
          </Alert>
        )}
        <p class="muted">
          {method === 'totp' && t('web.signIn.hintTotp')}
          {method === 'backup_code' && t('web.signIn.hintBackup')}
          {needsSend && method === 'email' && t('web.signIn.hintEmail')}
          {needsSend && method === 'sms' && t('web.signIn.hintSms')}
          {challenge && (
            <>
              {t('web.signIn.sentTo')} <strong class="destination">{challenge.destination}</strong>.{' '}
              {t('web.signIn.codeExpires', { when: expiresIn(challenge.expiresAt) })}
            </>
          )}
        </p>
      </div>
      {method === 'webauthn' ? (
        <>
          <p class="muted">{t('web.signIn.keyInstructions')}</p>
          <StatusLine error={error} info={busy ? t('web.signIn.keyWaiting') : null} />
          <button
            type="button"
            class="btn btn-primary btn-block"
            data-autofocus
            disabled={busy}
            onClick={() => void useKey()}
          >
            {t('web.signIn.useKeyButton')}
          </button>
        </>
      ) : needsSend ? (
        <>
          <StatusLine error={error} info={busy ? t('web.signIn.sending') : null} />
          <button
            type="button"
            class="btn btn-primary btn-block"
            data-autofocus
            disabled={busy || resend.seconds > 0}
            onClick={() => void send()}
          >
            {busy ? (
              t('web.signIn.sending')
            ) : resend.seconds > 0 ? (
              <>
                {t('web.signIn.sendCodeIn')} <span class="countdown">{formatCountdown(resend.seconds)}</span>
              </>
            ) : (
              t('web.signIn.sendCode')
            )}
          </button>
        </>
      ) : (
        <>
          {stage.rememberDays !== undefined && (
            <CheckField
              name="rememberBrowser"
              label={t('web.signIn.remember', { count: stage.rememberDays })}
              hint={t('web.signIn.rememberHint')}
              checked={remember}
              onChecked={setRemember}
            />
          )}
          <CodeForm
            kind={method === 'backup_code' ? 'backup' : 'numeric'}
            label={method === 'backup_code' ? t('web.signIn.backupCode') : t('web.signIn.verificationCode')}
            busy={busy}
            error={error}
            resetKey={resetKey}
            onSubmit={(code) => void verify(code)}
          >
            {challenge && (
              <div class="link-row">
                <ResendButton seconds={resend.seconds} busy={busy} onResend={() => void send()} />
              </div>
            )}
          </CodeForm>
        </>
      )}
      {others.length > 0 && (
        <div class="other-ways">
          <button
            type="button"
            class="btn-link"
            aria-expanded={showOthers ? 'true' : 'false'}
            aria-controls={showOthers ? 'other-ways' : undefined}
            onClick={() => setShowOthers(!showOthers)}
          >
            {t('web.signIn.anotherWay')}
          </button>
          {showOthers && (
            <ul id="other-ways" class="other-ways-list">
              {others.map((other) => (
                <li key={other}>
                  <button type="button" class="method-option" onClick={() => onMethod(other)}>
                    <MethodIcon method={other} />
                    <span>{methodName(other)}</span>
                    <Icon name="chevron-right" size={16} />
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <p class="center">
        <button type="button" class="btn-link muted-link" onClick={onNotMe}>
          {t('web.signIn.notYou', { email: stage.email })}
        </button>
      </p>
    </div>
  );
}
