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
import { useCountdown, useFocusFirst, useTitle } from '../lib/hooks.js';
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

type Stage =
  | { name: 'password'; notice?: { title: string; text: string; tone: 'warning' | 'error' | 'info' } }
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

/** Order methods with the preferred one first; backup codes always last. */
function orderMethods(methods: SecondFactorMethod[], preferred: SecondFactorMethod | null | undefined) {
  const unique = Array.from(new Set(methods));
  return unique.sort((a, b) => rank(a, preferred) - rank(b, preferred));
}

function rank(method: SecondFactorMethod, preferred: SecondFactorMethod | null | undefined): number {
  if (method === preferred) return 0;
  if (method === 'backup_code') return 9;
  return { webauthn: 1, totp: 2, email: 3, sms: 4 }[method];
}

export function SignInPage() {
  const app = useApp();
  const route = useRoute();
  const navigate = useNavigate();
  // An application's sign-in request (OpenID Connect): finish it instead of opening Twofold's pages.
  const interaction = interactionOf(route.params);
  const [stage, setStage] = useState<Stage>({ name: 'password' });
  useEffect(() => {
    if (app.current && !interaction) navigate(nextPath(route.params), { replace: true });
  }, []);
  useTitle(
    stage.name === 'password'
      ? 'Sign in'
      : stage.name === 'enroll'
        ? 'Set up two-factor authentication'
        : 'Verify it’s you',
    app.config.productName,
  );

  const complete = async (deadline?: string, requiredBy?: RequiredBy) => {
    if (interaction) {
      try {
        await returnToApplication(interaction);
      } catch (caught) {
        startAgain({
          tone: 'error',
          title: 'Could not return to the application',
          text: describeError(caught),
        });
      }
      return;
    }
    app.setEnrollmentDeadline(deadline ?? null, requiredBy ?? null);
    await app.refreshSession();
    navigate(nextPath(route.params), { replace: true });
  };

  const startAgain = (notice?: Extract<Stage, { name: 'password' }>['notice']) =>
    setStage({ name: 'password', notice });

  return (
    <AuthLayout wide={stage.name === 'enroll'}>
      {stage.name === 'password' && (
        <PasswordStep
          notice={stage.notice}
          loginPath={
            interaction ? `/interaction/${encodeURIComponent(interaction)}/login` : '/api/auth/login'
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
        />
      )}
      {stage.name === 'enroll' && (
        <>
          {stage.replacing ? (
            <Alert tone="info" title="Set up a new 2FA method">
              Thanks, that proved it’s you. Your old method is no longer allowed here: set up one of the
              methods below to finish signing in.
            </Alert>
          ) : (
            <Alert tone="info" title="Two-factor authentication is required">
              Your account needs a second step at sign-in. Set it up now to finish signing in.
            </Alert>
          )}
          <SetupWizard
            mfaToken={stage.mfaToken}
            allowedMethods={stage.allowedMethods}
            account={stage.email}
            title="Protect your account"
            onExpired={() =>
              startAgain({
                tone: 'warning',
                title: 'Your sign-in expired',
                text: 'Enter your password again to continue the setup.',
              })
            }
            onComplete={() => void complete()}
            exit={{ label: 'Cancel', onExit: () => startAgain() }}
          />
        </>
      )}
    </AuthLayout>
  );
}

function PasswordStep({
  notice,
  loginPath,
  onResult,
}: {
  notice?: { title: string; text: string; tone: 'warning' | 'error' | 'info' } | undefined;
  loginPath: string;
  onResult: (result: LoginResult, email: string) => void;
}) {
  const { config } = useApp();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ email?: string; password?: string }>({});
  const [error, setError] = useState<string | null>(null);
  const [locked, setLocked] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ref = useFocusFirst<HTMLFormElement>();

  // A passkey signs in without a password (both factors); not inside an application's sign-in request yet.
  const passkeyPath = loginPath !== '/api/auth/login';
  const passkey = async (autofill: boolean) => {
    if (!autofill) setBusy(true);
    setError(null);
    try {
      onResult(await signInWithPasskey(autofill), email.trim());
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
            ? 'That passkey could not sign you in. Use your email and password.'
            : describeError(caught),
        );
    }
  };
  // Conditional UI: the browser offers saved passkeys in the email field's autofill.
  useEffect(() => {
    if (!config.methods.webauthn || passkeyPath) return;
    void browserSupportsWebAuthnAutofill().then((ok) => {
      if (ok) void passkey(true);
    });
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    const next: typeof errors = {};
    if (!email.trim()) next.email = 'Enter your email address.';
    if (!password) next.password = 'Enter your password.';
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
        setLocked(lockedMessage(caught.retryAfterSeconds));
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
        <h1>Sign in</h1>
        <p class="muted">Welcome back. Enter your email and password.</p>
      </div>
      {notice && (
        <Alert tone={notice.tone} title={notice.title}>
          {notice.text}
        </Alert>
      )}
      {locked && (
        <Alert tone="error" title="Account temporarily locked">
          {locked}
        </Alert>
      )}
      <Field
        label="Email"
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
        label="Password"
        type="password"
        name="password"
        autocomplete="current-password"
        value={password}
        onValue={setPassword}
        error={errors.password}
      />
      <p class="field-aside">
        <a href="/forgot-password">Forgot password?</a>
      </p>
      <StatusLine error={error} />
      <button type="submit" class="btn btn-primary btn-block" disabled={busy}>
        {busy ? 'Signing in…' : 'Continue'}
      </button>
      {config.methods.webauthn && !passkeyPath && (
        <button
          type="button"
          class="btn btn-secondary btn-block"
          disabled={busy}
          onClick={() => void passkey(false)}
        >
          <Icon name="key" /> Sign in with a passkey
        </button>
      )}
      {config.signupEnabled && (
        <p class="center muted">
          New here? <a href="/signup">Create an account</a>
        </p>
      )}
    </form>
  );
}

const TITLES: Record<SecondFactorMethod, string> = {
  totp: 'Enter the code from your authenticator app',
  webauthn: 'Use your security key',
  email: 'Get a code by email',
  sms: 'Get a code by text message',
  backup_code: 'Enter a backup code',
};

function SecondStep({
  stage,
  onMethod,
  onDone,
  onEnroll,
  onStartAgain,
}: {
  stage: Extract<Stage, { name: 'second' }>;
  onMethod: (method: SecondFactorMethod) => void;
  onDone: () => void;
  /** The step proved an old factor: the server hands over an enrollment instead of a session. */
  onEnroll: (result: Extract<LoginResult, { status: 'mfa_enrollment_required' }>) => void;
  onStartAgain: (notice?: { title: string; text: string; tone: 'warning' | 'error' | 'info' }) => void;
}) {
  const { method, methods, mfaToken } = stage;
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
          title: 'Your sign-in expired',
          text: 'It took too long or there were too many wrong codes. Enter your password to start again.',
        });
        return;
      }
      if (caught.code === 'account_locked') {
        setBlocked({ title: 'Account temporarily locked', text: lockedMessage(caught.retryAfterSeconds) });
        return;
      }
      if (caught.code === 'invalid_code' && caught.attemptsRemaining === 0) {
        onStartAgain({
          tone: 'error',
          title: 'Too many wrong codes',
          text: 'For your security this sign-in was stopped. Enter your password to start again.',
        });
        return;
      }
      if (caught.code === 'rate_limited' && caught.retryAfterSeconds) {
        // A code went out moments ago (maybe from another tab or the setup): the timer says when to ask again.
        resend.start(caught.retryAfterSeconds);
        setError('A code was sent moments ago. You can ask for a new one when the timer runs out.');
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
      if (wasCancelled(caught)) setError('The security key prompt was closed. Try again.');
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
          Back to sign in
        </button>
      </div>
    );
  }

  return (
    <div class="stack" ref={ref}>
      <div>
        <p class="eyebrow with-icon">
          <MethodIcon method={method} size={16} /> Two-factor authentication
        </p>
        <h1>{TITLES[method]}</h1>
        {stage.replaceFactor && (
          <Alert tone="info" title="Your 2FA method changed">
            The method you set up is no longer allowed for your account. Prove it’s you with it one last time
            (or with a backup code); then you’ll set up a new one.
          </Alert>
        )}
        <p class="muted">
          {method === 'totp' &&
            'Open your authenticator app and enter the 6-digit code it shows for this account.'}
          {method === 'backup_code' && 'Each backup code works once. Enter it with or without the dash.'}
          {needsSend && method === 'email' && 'We’ll email a 6-digit code to the address you set up.'}
          {needsSend && method === 'sms' && 'We’ll text a 6-digit code to the phone you set up.'}
          {challenge && (
            <>
              We sent a 6-digit code to <strong class="destination">{challenge.destination}</strong>.
            </>
          )}
        </p>
      </div>
      {method === 'webauthn' ? (
        <>
          <p class="muted">Insert or touch your security key, or confirm with this device’s passkey.</p>
          <StatusLine error={error} info={busy ? 'Waiting for your security key…' : null} />
          <button
            type="button"
            class="btn btn-primary btn-block"
            data-autofocus
            disabled={busy}
            onClick={() => void useKey()}
          >
            Use your security key
          </button>
        </>
      ) : needsSend ? (
        <>
          <StatusLine error={error} info={busy ? 'Sending…' : null} />
          <button
            type="button"
            class="btn btn-primary btn-block"
            data-autofocus
            disabled={busy || resend.seconds > 0}
            onClick={() => void send()}
          >
            {busy ? (
              'Sending…'
            ) : resend.seconds > 0 ? (
              <>
                Send code in <span class="countdown">{formatCountdown(resend.seconds)}</span>
              </>
            ) : (
              'Send code'
            )}
          </button>
        </>
      ) : (
        <>
          {stage.rememberDays !== undefined && (
            <CheckField
              name="rememberBrowser"
              label={`Don’t ask again on this browser for ${stage.rememberDays} ${stage.rememberDays === 1 ? 'day' : 'days'}`}
              hint="Only on a browser you alone use. Your password is still asked."
              checked={remember}
              onChecked={setRemember}
            />
          )}
          <CodeForm
            kind={method === 'backup_code' ? 'backup' : 'numeric'}
            label={method === 'backup_code' ? 'Backup code' : 'Verification code'}
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
            Try another way
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
        <button type="button" class="btn-link muted-link" onClick={() => onStartAgain()}>
          Not {stage.email}? Sign in with another account
        </button>
      </p>
    </div>
  );
}
