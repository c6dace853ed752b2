import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, api, describeError, fieldError, sentence } from '../lib/api.js';
import { useApp } from '../lib/app-context.js';
import { copyText } from '../lib/download.js';
import { formatCountdown, groupSecret, methodName } from '../lib/format.js';
import { useCountdown, useFocusFirst } from '../lib/hooks.js';
import { type CountryCode, countryOptions, defaultCountry, splitE164, toE164 } from '../lib/phone.js';
import type { CodeSetup, ConfirmResult, FactorType, SessionInfo, TOTPSetup } from '../lib/types.js';
import { registerSecurityKey, wasCancelled } from '../lib/webauthn.js';
import { Alert, StatusLine } from './alert.js';
import { BackupCodesPanel } from './backup-codes.js';
import { CodeForm } from './code-form.js';
import { Field, SelectField } from './field.js';
import { Icon, MethodIcon } from './icons.js';

type Step =
  | { name: 'choose' }
  | { name: 'totp-scan'; setup: TOTPSetup }
  | { name: 'totp-verify'; setup: TOTPSetup }
  | { name: 'destination'; method: 'email' | 'sms' }
  | { name: 'key-name' }
  | { name: 'code-verify'; method: 'email' | 'sms'; setup: CodeSetup; destination: string }
  | { name: 'backup'; codes: string[]; session?: SessionInfo | undefined };

export interface SetupWizardProps {
  /** During a sign-in that answered `mfa_enrollment_required`: the pending token, sent as Bearer. */
  mfaToken?: string;
  allowedMethods: readonly FactorType[];
  /** The account's email: default email destination and the backup-codes file name. */
  account: string;
  /** Whether the account already has a confirmed factor (no backup codes step then). */
  hasFactors?: boolean;
  /** A secondary action on the first step ("Skip for now", "Cancel"). */
  exit?: { label: string; onExit: () => void };
  /** The sign-in token died (expired, used up): the user must start again. */
  onExpired?: () => void;
  onComplete: (result: { session?: SessionInfo | undefined }) => void;
  title?: string;
  intro?: ComponentChildren;
}

const DESCRIPTIONS: Record<FactorType, string> = {
  totp: 'Use an app such as Google Authenticator, Microsoft Authenticator, 1Password or Authy. Works offline.',
  email: 'Get a 6-digit code by email each time you sign in.',
  sms: 'Get a 6-digit code by text message each time you sign in.',
  webauthn:
    'A security key (YubiKey) or a passkey on this device (Touch ID, Windows Hello). Cannot be phished.',
};

/** A national number to show as the example for a few common countries. */
const EXAMPLES: Partial<Record<CountryCode, string>> = {
  US: '(201) 555-0123',
  CA: '(506) 234-5678',
  GB: '07400 123456',
  DE: '01512 3456789',
  FR: '06 12 34 56 78',
  IN: '081234 56789',
  AU: '0412 345 678',
};

/** The 2FA setup wizard: choose a method, bind it, confirm with a code, save the backup codes. */
export function SetupWizard(props: SetupWizardProps) {
  const { mfaToken, allowedMethods, account, hasFactors = false, exit, onExpired, onComplete } = props;
  const [step, setStep] = useState<Step>({ name: 'choose' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [expired, setExpired] = useState(false);
  const [resetKey, setResetKey] = useState(0);
  const [destError, setDestError] = useState<string | null>(null);
  const [lastDestination, setLastDestination] = useState<string | null>(null);
  const resend = useCountdown(0);
  const phoneLayout = usePhoneLayout();
  const opts = mfaToken ? { mfaToken } : {};
  const totalSteps = hasFactors ? 2 : 3;

  const fail = (caught: unknown) => {
    if (caught instanceof ApiError && caught.code === 'invalid_mfa_token') {
      setExpired(true);
      return;
    }
    if (caught instanceof ApiError && caught.code === 'rate_limited' && caught.retryAfterSeconds) {
      resend.start(caught.retryAfterSeconds);
    }
    setError(describeError(caught, step.name === 'code-verify' ? step.method : 'totp'));
  };

  const finishConfirm = (result: ConfirmResult) => {
    if (result.backupCodes && result.backupCodes.length > 0) {
      setStep({ name: 'backup', codes: result.backupCodes, session: result.session });
    } else {
      onComplete({ session: result.session });
    }
  };

  const startTOTP = async () => {
    setBusy(true);
    setError(null);
    try {
      const setup = await api.post<TOTPSetup>('/api/mfa/totp/setup', {}, opts);
      setStep({ name: 'totp-scan', setup });
    } catch (caught) {
      fail(caught);
    } finally {
      setBusy(false);
    }
  };

  const sendCode = async (method: 'email' | 'sms', destination: string) => {
    setBusy(true);
    setError(null);
    setDestError(null);
    setLastDestination(destination);
    try {
      const body = method === 'sms' ? { phone: destination } : destination ? { email: destination } : {};
      const setup = await api.post<CodeSetup>(`/api/mfa/${method}/setup`, body, opts);
      resend.start(setup.resendAfterSeconds ?? 30);
      setStep({ name: 'code-verify', method, setup, destination });
      return true;
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'invalid_request') {
        // Validation of the address or number belongs under that field.
        const fields = caught.fieldErrors;
        setDestError(sentence(fieldError(fields, method === 'sms' ? 'phone' : 'email') ?? caught.message));
        setStep({ name: 'destination', method });
      } else {
        fail(caught);
      }
      return false;
    } finally {
      setBusy(false);
    }
  };

  const confirm = async (path: string, factorId: string, code: string) => {
    setBusy(true);
    setError(null);
    try {
      const result = await api.post<ConfirmResult>(path, { factorId, code }, opts);
      setBusy(false);
      finishConfirm(result);
    } catch (caught) {
      setBusy(false);
      fail(caught);
      setResetKey((k) => k + 1);
    }
  };

  if (expired) {
    return (
      <div class="wizard">
        <h2>Your sign-in has expired</h2>
        <Alert tone="warning">
          For your security, the setup must be finished within a few minutes. Please sign in again.
        </Alert>
        <div class="actions">
          <button
            type="button"
            class="btn btn-primary btn-block"
            data-autofocus
            onClick={() => onExpired?.()}
          >
            Start again
          </button>
        </div>
      </div>
    );
  }

  switch (step.name) {
    case 'choose':
      return (
        <StepFrame key="choose" title={props.title ?? 'Set up two-factor authentication'}>
          {props.intro ?? (
            <p class="muted">
              Choose how you’ll confirm it’s you after entering your password. You can add more methods later.
            </p>
          )}
          <ul class="method-choices">
            {allowedMethods.map((method, index) => (
              <li key={method}>
                <button
                  type="button"
                  class="method-choice"
                  data-autofocus={index === 0 ? true : undefined}
                  disabled={busy}
                  onClick={() => {
                    setError(null);
                    if (method === 'totp') void startTOTP();
                    else if (method === 'webauthn') setStep({ name: 'key-name' });
                    else setStep({ name: 'destination', method });
                  }}
                >
                  <span class="method-choice-icon">
                    <MethodIcon method={method} size={22} />
                  </span>
                  <span class="method-choice-text">
                    <span class="method-choice-title">
                      {methodName(method)}
                      {method === 'totp' && allowedMethods.length > 1 && (
                        <span class="badge badge-brand">Recommended</span>
                      )}
                    </span>
                    <span class="method-choice-desc">{DESCRIPTIONS[method]}</span>
                  </span>
                  <Icon name="chevron-right" />
                </button>
              </li>
            ))}
          </ul>
          {allowedMethods.length === 0 && (
            <Alert tone="warning">
              No second-factor method is enabled on this server. Ask your administrator.
            </Alert>
          )}
          <StatusLine error={error} info={busy ? 'Preparing…' : null} />
          {exit && (
            <div class="actions actions-center">
              <button type="button" class="btn btn-ghost" onClick={exit.onExit}>
                {exit.label}
              </button>
            </div>
          )}
        </StepFrame>
      );

    case 'totp-scan':
      return (
        <StepFrame
          key="totp-scan"
          title={phoneLayout ? 'Add it to your authenticator app' : 'Scan the QR code'}
          progress={[1, totalSteps]}
        >
          <TOTPScan setup={step.setup} account={account} />
          <div class="actions actions-split">
            <button type="button" class="btn btn-secondary" onClick={() => setStep({ name: 'choose' })}>
              Back
            </button>
            <button
              type="button"
              class="btn btn-primary"
              data-autofocus
              onClick={() => {
                setError(null);
                setStep({ name: 'totp-verify', setup: step.setup });
              }}
            >
              Continue
            </button>
          </div>
        </StepFrame>
      );

    case 'totp-verify':
      return (
        <StepFrame key="totp-verify" title="Enter the code from your app" progress={[2, totalSteps]}>
          <p class="muted">
            Your authenticator app now shows a 6-digit code for this account. Enter it to finish the link.
          </p>
          <CodeForm
            label="6-digit code"
            submitLabel="Verify and turn on"
            busy={busy}
            error={error}
            resetKey={resetKey}
            onSubmit={(code) => void confirm('/api/mfa/totp/confirm', step.setup.factorId, code)}
          />
          <div class="actions actions-center">
            <button
              type="button"
              class="btn btn-ghost"
              onClick={() => setStep({ name: 'totp-scan', setup: step.setup })}
            >
              <Icon name="arrow-left" /> Back to the QR code
            </button>
          </div>
        </StepFrame>
      );

    case 'key-name':
      return (
        <StepFrame key="key-name" title="Register a security key" progress={[1, totalSteps]}>
          <SecurityKeyStep
            busy={busy}
            error={error}
            onBack={() => setStep({ name: 'choose' })}
            onRegister={async (label) => {
              setBusy(true);
              setError(null);
              try {
                const result = await registerSecurityKey(label, opts);
                setBusy(false);
                finishConfirm(result);
              } catch (caught) {
                setBusy(false);
                if (wasCancelled(caught)) setError('The security key prompt was closed. Try again.');
                else fail(caught);
              }
            }}
          />
        </StepFrame>
      );

    case 'destination':
      return (
        <DestinationStep
          key={`destination-${step.method}`}
          method={step.method}
          initial={lastDestination ?? (step.method === 'email' ? account : '')}
          busy={busy}
          error={error}
          fieldMessage={destError}
          totalSteps={totalSteps}
          onBack={() => {
            setError(null);
            setDestError(null);
            setStep({ name: 'choose' });
          }}
          onSend={(destination) => void sendCode(step.method, destination)}
        />
      );

    case 'code-verify':
      return (
        <StepFrame
          key="code-verify"
          title={step.method === 'email' ? 'Check your email' : 'Check your phone'}
          progress={[2, totalSteps]}
        >
          <p class="muted">
            We sent a 6-digit code to <strong class="destination">{step.setup.destination}</strong>. It
            expires in a few minutes.
          </p>
          <CodeForm
            label="6-digit code"
            submitLabel="Verify and turn on"
            busy={busy}
            error={error}
            resetKey={resetKey}
            onSubmit={(code) => void confirm(`/api/mfa/${step.method}/confirm`, step.setup.factorId, code)}
          />
          <div class="link-row link-row-split">
            <ResendButton
              seconds={resend.seconds}
              busy={busy}
              onResend={() => void sendCode(step.method, step.destination)}
            />
            <button
              type="button"
              class="btn-link"
              onClick={() => setStep({ name: 'destination', method: step.method })}
            >
              {step.method === 'email' ? 'Use a different address' : 'Use a different number'}
            </button>
          </div>
        </StepFrame>
      );

    case 'backup':
      return (
        <StepFrame key="backup" title="Save your backup codes" progress={[3, 3]}>
          <BackupCodesPanel
            codes={step.codes}
            account={account}
            onDone={() => onComplete({ session: step.session })}
          />
        </StepFrame>
      );
  }
}

/** Heading, "Step n of m" and focus management shared by every step. */
function StepFrame({
  title,
  progress,
  children,
}: {
  title: string;
  progress?: [number, number];
  children: ComponentChildren;
}) {
  const ref = useFocusFirst<HTMLDivElement>();
  return (
    <div class="wizard" ref={ref}>
      {progress && (
        <div class="stepper" aria-hidden="true">
          {Array.from({ length: progress[1] }, (_, i) => (
            <span key={i} class={i < progress[0] ? 'stepper-dot is-done' : 'stepper-dot'} />
          ))}
        </div>
      )}
      {progress && (
        <p class="eyebrow">
          Step {progress[0]} of {progress[1]}
        </p>
      )}
      <h2>{title}</h2>
      {children}
    </div>
  );
}

/** Narrow screens and touch devices: the phone that shows the QR code is the one that would scan it. */
function usePhoneLayout(): boolean {
  const query = '(max-width: 600px), (pointer: coarse)';
  const [matches, setMatches] = useState(() => window.matchMedia?.(query).matches ?? false);
  useEffect(() => {
    const list = window.matchMedia?.(query);
    if (!list) return;
    const onChange = () => setMatches(list.matches);
    list.addEventListener('change', onChange);
    return () => list.removeEventListener('change', onChange);
  }, []);
  return matches;
}

function TOTPScan({ setup, account }: { setup: TOTPSetup; account: string }) {
  const phone = usePhoneLayout();
  const [manual, setManual] = useState(false);
  const [showQR, setShowQR] = useState(false);
  const { notify } = useApp();
  const keyBlock = (
    <div id="totp-manual" class="manual-key">
      <p class="hint">
        {phone
          ? 'Or, in your app, choose “Enter a setup key”, use your email as the account name, and paste:'
          : 'In your app, choose “Enter a setup key”, use your email as the account name, and type:'}
      </p>
      <div class="secret-row">
        <code class="secret" data-testid="totp-secret">
          {groupSecret(setup.secret)}
        </code>
        <button
          type="button"
          class="btn btn-secondary btn-small"
          onClick={async () =>
            notify((await copyText(setup.secret)) ? 'Key copied' : 'Could not copy the key')
          }
        >
          <Icon name="copy" /> Copy key
        </button>
      </div>
      <p class="hint">Time-based · 6 digits · every 30 seconds</p>
    </div>
  );
  const qr = (
    <div class="qr-frame">
      <img
        src={setup.qrCodeDataUrl}
        alt={`QR code to add ${account} to your authenticator app`}
        width={200}
        height={200}
      />
    </div>
  );
  if (phone) {
    // On the phone itself: open the app through the otpauth:// link, or paste the key; the QR code
    // is for scanning from another device, so it comes last.
    return (
      <div class="totp-scan totp-scan-phone">
        <p class="muted">Add this account to the authenticator app on this device.</p>
        <a class="btn btn-primary btn-block" href={setup.otpauthUri} data-testid="open-authenticator">
          <Icon name="app" /> Open in authenticator app
        </a>
        {keyBlock}
        <button
          type="button"
          class="btn-link"
          aria-expanded={showQR ? 'true' : 'false'}
          aria-controls={showQR ? 'totp-qr' : undefined}
          onClick={() => setShowQR(!showQR)}
        >
          Show the QR code to scan from another device
        </button>
        {showQR && <div id="totp-qr">{qr}</div>}
      </div>
    );
  }
  return (
    <div class="totp-scan">
      <p class="muted">Open your authenticator app, add an account, and scan this code with your camera.</p>
      {qr}
      <button
        type="button"
        class="btn-link"
        aria-expanded={manual ? 'true' : 'false'}
        aria-controls={manual ? 'totp-manual' : undefined}
        onClick={() => setManual(!manual)}
      >
        Can’t scan? Enter this key
      </button>
      {manual && keyBlock}
    </div>
  );
}

function DestinationStep({
  method,
  initial,
  busy,
  error,
  fieldMessage,
  totalSteps,
  onBack,
  onSend,
}: {
  method: 'email' | 'sms';
  initial: string;
  busy: boolean;
  error: string | null;
  fieldMessage: string | null;
  totalSteps: number;
  onBack: () => void;
  onSend: (destination: string) => void;
}) {
  const split = method === 'sms' && initial ? splitE164(initial) : null;
  const [value, setValue] = useState(split ? split.national : initial);
  const [country, setCountry] = useState<CountryCode>(() => split?.country ?? defaultCountry());
  const countries = useMemo(() => (method === 'sms' ? countryOptions() : []), [method]);
  const [localError, setLocalError] = useState<string | null>(null);
  const ref = useFocusFirst<HTMLFormElement>();
  const shownFieldError = localError ?? fieldMessage ?? undefined;
  const otherError = error;
  return (
    <form
      class="wizard"
      ref={ref}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (method === 'sms') {
          // Sent as E.164, built from the country and the national number (or a whole +… number).
          const e164 = toE164(value, country);
          if (!e164) {
            setLocalError('Enter a mobile number that is possible in the country chosen above.');
            return;
          }
          setLocalError(null);
          onSend(e164);
          return;
        }
        const trimmed = value.trim();
        if (!/^[^\s@]+@[^\s@]+$/.test(trimmed)) {
          setLocalError('Enter an email address like name@example.com.');
          return;
        }
        setLocalError(null);
        onSend(trimmed);
      }}
    >
      <div class="stepper" aria-hidden="true">
        {Array.from({ length: totalSteps }, (_, i) => (
          <span key={i} class={i < 1 ? 'stepper-dot is-done' : 'stepper-dot'} />
        ))}
      </div>
      <p class="eyebrow">Step 1 of {totalSteps}</p>
      <h2>{method === 'email' ? 'Where should we send codes?' : 'Which phone should get codes?'}</h2>
      {method === 'email' ? (
        <Field
          label="Email address for codes"
          type="email"
          name="email"
          autocomplete="email"
          value={value}
          onValue={setValue}
          error={shownFieldError}
          disabled={busy}
        />
      ) : (
        <div class="phone-fields">
          <SelectField
            label="Country"
            name="country"
            autocomplete="tel-country-code"
            value={country}
            onValue={(code) => setCountry(code as CountryCode)}
            disabled={busy}
          >
            {countries.map((option) => (
              <option key={option.code} value={option.code}>
                {option.label}
              </option>
            ))}
          </SelectField>
          <Field
            label="Mobile phone number"
            hint={
              EXAMPLES[country]
                ? `Without the country code, for example ${EXAMPLES[country]}.`
                : 'Without the country code.'
            }
            type="tel"
            name="phone"
            autocomplete="tel-national"
            inputMode="tel"
            value={value}
            onValue={setValue}
            error={shownFieldError}
            disabled={busy}
          />
        </div>
      )}
      <StatusLine error={otherError} info={busy ? 'Sending…' : null} />
      <div class="actions actions-split">
        <button type="button" class="btn btn-secondary" onClick={onBack} disabled={busy}>
          Back
        </button>
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {busy ? 'Sending…' : 'Send code'}
        </button>
      </div>
    </form>
  );
}

/** "Resend code" that shows its countdown while it must wait. */
export function ResendButton({
  seconds,
  busy,
  onResend,
}: {
  seconds: number;
  busy: boolean;
  onResend: () => void;
}) {
  return (
    <button type="button" class="btn-link resend" disabled={seconds > 0 || busy} onClick={onResend}>
      {seconds > 0 ? (
        <>
          Resend code in <span class="countdown">{formatCountdown(seconds)}</span>
        </>
      ) : (
        'Resend code'
      )}
    </button>
  );
}

/** Names the key ("YubiKey 5C", "MacBook Touch ID"), then opens the browser's security key prompt. */
function SecurityKeyStep(props: {
  busy: boolean;
  error: string | null;
  onBack: () => void;
  onRegister: (label: string) => void;
}) {
  const [label, setLabel] = useState('');
  return (
    <form
      class="stack"
      onSubmit={(event) => {
        event.preventDefault();
        props.onRegister(label.trim());
      }}
    >
      <p class="muted">
        Give the key a name you will recognise, then follow your browser: touch the key, or confirm with your
        fingerprint, face or PIN.
      </p>
      <Field
        label="Name of the key"
        name="keyLabel"
        placeholder="YubiKey 5C"
        maxLength={100}
        value={label}
        onValue={setLabel}
      />
      <StatusLine error={props.error} info={props.busy ? 'Waiting for your security key…' : null} />
      <div class="actions actions-split">
        <button type="button" class="btn btn-secondary" onClick={props.onBack}>
          Back
        </button>
        <button type="submit" class="btn btn-primary" data-autofocus disabled={props.busy}>
          Register security key
        </button>
      </div>
    </form>
  );
}
