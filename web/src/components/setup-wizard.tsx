import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, api, describeError, fieldError, sentence } from '../lib/api.js';
import { useApp } from '../lib/app-context.js';
import { copyText } from '../lib/download.js';
import { formatCountdown, groupSecret, methodName } from '../lib/format.js';
import { useCountdown, useFocusFirst, useToastScope } from '../lib/hooks.js';
import { useTranslation } from '../lib/i18n.js';
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
  /** The types of the account's confirmed factors: the choices say which one is already set up. */
  existing?: readonly FactorType[];
  /** A secondary action on the first step ("Skip for now", "Cancel"). */
  exit?: { label: string; onExit: () => void };
  /** The sign-in token died (expired, used up): the user must start again. */
  onExpired?: () => void;
  onComplete: (result: { session?: SessionInfo | undefined }) => void;
  title?: string;
  intro?: ComponentChildren;
}

const DESCRIPTIONS: Record<FactorType, string> = {
  totp: 'web.setup.describeTotp',
  email: 'web.setup.describeEmail',
  sms: 'web.setup.describeSms',
  webauthn: 'web.setup.describeWebauthn',
};

/** A method the account already has, offered again: say so ("add another?"). */
const ALREADY: Record<FactorType, string> = {
  totp: 'web.setup.haveTotp',
  email: 'web.setup.haveEmail',
  sms: 'web.setup.haveSms',
  webauthn: 'web.setup.haveWebauthn',
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
  const existing = new Set(props.existing ?? []);
  const { t } = useTranslation();
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
  // A step's message and toast are its own: the next step starts without them.
  const goTo = (next: Step) => {
    setError(null);
    setStep(next);
  };
  useToastScope(step.name);

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
      goTo({ name: 'backup', codes: result.backupCodes, session: result.session });
    } else {
      onComplete({ session: result.session });
    }
  };

  const startTOTP = async () => {
    setBusy(true);
    setError(null);
    try {
      const setup = await api.post<TOTPSetup>('/api/mfa/totp/setup', {}, opts);
      goTo({ name: 'totp-scan', setup });
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
      goTo({ name: 'code-verify', method, setup, destination });
      return true;
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'invalid_request') {
        // Validation of the address or number belongs under that field.
        const fields = caught.fieldErrors;
        setDestError(sentence(fieldError(fields, method === 'sms' ? 'phone' : 'email') ?? caught.message));
        goTo({ name: 'destination', method });
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
        <h2>{t('web.setup.expiredTitle')}</h2>
        <Alert tone="warning">{t('web.setup.expiredText')}</Alert>
        <div class="actions">
          <button
            type="button"
            class="btn btn-primary btn-block"
            data-autofocus
            onClick={() => onExpired?.()}
          >
            {t('web.setup.startAgain')}
          </button>
        </div>
      </div>
    );
  }

  switch (step.name) {
    case 'choose':
      return (
        <StepFrame key="choose" title={props.title ?? t('web.signIn.titleEnroll')}>
          {props.intro ?? <p class="muted">{t('web.setup.chooseIntro')}</p>}
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
                    else if (method === 'webauthn') goTo({ name: 'key-name' });
                    else goTo({ name: 'destination', method });
                  }}
                >
                  <span class="method-choice-icon">
                    <MethodIcon method={method} size={22} />
                  </span>
                  <span class="method-choice-text">
                    <span class="method-choice-title">
                      {methodName(method)}
                      {existing.has(method) ? (
                        <span class="badge badge-good">{t('web.setup.alreadySetUp')}</span>
                      ) : (
                        method === 'totp' &&
                        allowedMethods.length > 1 && (
                          <span class="badge badge-brand">{t('web.setup.recommended')}</span>
                        )
                      )}
                    </span>
                    <span class="method-choice-desc">
                      {t(existing.has(method) ? ALREADY[method] : DESCRIPTIONS[method])}
                    </span>
                  </span>
                  <Icon name="chevron-right" />
                </button>
              </li>
            ))}
          </ul>
          {allowedMethods.length === 0 && <Alert tone="warning">{t('web.setup.noMethods')}</Alert>}
          <StatusLine error={error} info={busy ? t('web.setup.preparing') : null} />
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
          title={phoneLayout ? t('web.setup.totp.addTitle') : t('web.setup.totp.scanTitle')}
          progress={[1, totalSteps]}
        >
          <TOTPScan setup={step.setup} account={account} />
          <div class="actions actions-split">
            <button type="button" class="btn btn-secondary" onClick={() => goTo({ name: 'choose' })}>
              {t('web.common.back')}
            </button>
            <button
              type="button"
              class="btn btn-primary"
              data-autofocus
              onClick={() => {
                setError(null);
                goTo({ name: 'totp-verify', setup: step.setup });
              }}
            >
              {t('web.signIn.continue')}
            </button>
          </div>
        </StepFrame>
      );

    case 'totp-verify':
      return (
        <StepFrame key="totp-verify" title={t('web.setup.totp.verifyTitle')} progress={[2, totalSteps]}>
          <p class="muted">{t('web.setup.totp.verifyIntro')}</p>
          <CodeForm
            label={t('web.setup.sixDigitCode')}
            submitLabel={t('web.setup.verifyTurnOn')}
            busy={busy}
            error={error}
            resetKey={resetKey}
            onSubmit={(code) => void confirm('/api/mfa/totp/confirm', step.setup.factorId, code)}
          />
          <div class="actions actions-center">
            <button
              type="button"
              class="btn btn-ghost"
              onClick={() => goTo({ name: 'totp-scan', setup: step.setup })}
            >
              <Icon name="arrow-left" /> {t('web.setup.totp.backToQr')}
            </button>
          </div>
        </StepFrame>
      );

    case 'key-name':
      return (
        <StepFrame key="key-name" title={t('web.setup.key.title')} progress={[1, totalSteps]}>
          <SecurityKeyStep
            busy={busy}
            error={error}
            onBack={() => goTo({ name: 'choose' })}
            onRegister={async (label) => {
              setBusy(true);
              setError(null);
              try {
                const result = await registerSecurityKey(label, opts);
                setBusy(false);
                finishConfirm(result);
              } catch (caught) {
                setBusy(false);
                if (wasCancelled(caught)) setError(t('web.signIn.keyPromptClosed'));
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
            goTo({ name: 'choose' });
          }}
          onSend={(destination) => void sendCode(step.method, destination)}
        />
      );

    case 'code-verify':
      return (
        <StepFrame
          key="code-verify"
          title={step.method === 'email' ? t('web.setup.checkEmail') : t('web.setup.checkPhone')}
          progress={[2, totalSteps]}
        >
          <p class="muted">
            {t('web.setup.sentTo')} <strong class="destination">{step.setup.destination}</strong>
            {t('web.setup.sentToAfter')}
          </p>
          <CodeForm
            label={t('web.setup.sixDigitCode')}
            submitLabel={t('web.setup.verifyTurnOn')}
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
              onClick={() => goTo({ name: 'destination', method: step.method })}
            >
              {step.method === 'email' ? t('web.setup.differentAddress') : t('web.setup.differentNumber')}
            </button>
          </div>
        </StepFrame>
      );

    case 'backup':
      return (
        <StepFrame key="backup" title={t('web.setup.saveBackupTitle')} progress={[3, 3]}>
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
  const { t } = useTranslation();
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
      {progress && <p class="eyebrow">{t('web.setup.stepOf', { step: progress[0], total: progress[1] })}</p>}
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
  const { t } = useTranslation();
  const phone = usePhoneLayout();
  const [manual, setManual] = useState(false);
  const [showQR, setShowQR] = useState(false);
  const { notify } = useApp();
  const keyBlock = (
    <div id="totp-manual" class="manual-key">
      <p class="hint">{phone ? t('web.setup.totp.manualPhone') : t('web.setup.totp.manual')}</p>
      <div class="secret-row">
        <code class="secret" data-testid="totp-secret">
          {groupSecret(setup.secret)}
        </code>
        <button
          type="button"
          class="btn btn-secondary btn-small"
          onClick={async () =>
            notify(
              (await copyText(setup.secret))
                ? t('web.setup.totp.keyCopied')
                : t('web.setup.totp.keyCopyFailed'),
            )
          }
        >
          <Icon name="copy" /> {t('web.setup.totp.copyKey')}
        </button>
      </div>
      <p class="hint">{t('web.setup.totp.keyFacts')}</p>
    </div>
  );
  const qr = (
    <div class="qr-frame">
      <img src={setup.qrCodeDataUrl} alt={t('web.setup.totp.qrAlt', { account })} width={200} height={200} />
    </div>
  );
  if (phone) {
    // On the phone itself: open the app through the otpauth:// link, or paste the key; the QR code
    // is for scanning from another device, so it comes last.
    return (
      <div class="totp-scan totp-scan-phone">
        <p class="muted">{t('web.setup.totp.phoneIntro')}</p>
        <a class="btn btn-primary btn-block" href={setup.otpauthUri} data-testid="open-authenticator">
          <Icon name="app" /> {t('web.setup.totp.openApp')}
        </a>
        {keyBlock}
        <button
          type="button"
          class="btn-link"
          aria-expanded={showQR ? 'true' : 'false'}
          aria-controls={showQR ? 'totp-qr' : undefined}
          onClick={() => setShowQR(!showQR)}
        >
          {t('web.setup.totp.showQr')}
        </button>
        {showQR && <div id="totp-qr">{qr}</div>}
      </div>
    );
  }
  return (
    <div class="totp-scan">
      <p class="muted">{t('web.setup.totp.scanIntro')}</p>
      {qr}
      <button
        type="button"
        class="btn-link"
        aria-expanded={manual ? 'true' : 'false'}
        aria-controls={manual ? 'totp-manual' : undefined}
        onClick={() => setManual(!manual)}
      >
        {t('web.setup.totp.cantScan')}
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
  const { t } = useTranslation();
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
            setLocalError(t('web.setup.destination.phoneInvalid'));
            return;
          }
          setLocalError(null);
          onSend(e164);
          return;
        }
        const trimmed = value.trim();
        if (!/^[^\s@]+@[^\s@]+$/.test(trimmed)) {
          setLocalError(t('web.setup.destination.emailInvalid'));
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
      <p class="eyebrow">{t('web.setup.stepOf', { step: 1, total: totalSteps })}</p>
      <h2>
        {method === 'email' ? t('web.setup.destination.emailTitle') : t('web.setup.destination.phoneTitle')}
      </h2>
      {method === 'email' ? (
        <Field
          label={t('web.setup.destination.emailLabel')}
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
            label={t('web.setup.destination.country')}
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
            label={t('web.setup.destination.phoneLabel')}
            hint={
              EXAMPLES[country]
                ? t('web.setup.destination.phoneHintExample', { example: EXAMPLES[country] })
                : t('web.setup.destination.phoneHint')
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
      <StatusLine error={otherError} info={busy ? t('web.common.sending') : null} />
      <div class="actions actions-split">
        <button type="button" class="btn btn-secondary" onClick={onBack} disabled={busy}>
          {t('web.common.back')}
        </button>
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {busy ? t('web.common.sending') : t('web.signIn.sendCode')}
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
  const { t } = useTranslation();
  return (
    <button type="button" class="btn-link resend" disabled={seconds > 0 || busy} onClick={onResend}>
      {seconds > 0 ? (
        <>
          {t('web.common.resendIn')} <span class="countdown">{formatCountdown(seconds)}</span>
        </>
      ) : (
        t('web.common.resend')
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
  const { t } = useTranslation();
  const [label, setLabel] = useState('');
  return (
    <form
      class="stack"
      onSubmit={(event) => {
        event.preventDefault();
        props.onRegister(label.trim());
      }}
    >
      <p class="muted">{t('web.setup.key.intro')}</p>
      <Field
        label={t('web.setup.key.nameLabel')}
        name="keyLabel"
        placeholder="YubiKey 5C"
        maxLength={100}
        value={label}
        onValue={setLabel}
      />
      <StatusLine error={props.error} info={props.busy ? t('web.signIn.keyWaiting') : null} />
      <div class="actions actions-split">
        <button type="button" class="btn btn-secondary" onClick={props.onBack}>
          {t('web.common.back')}
        </button>
        <button type="submit" class="btn btn-primary" data-autofocus disabled={props.busy}>
          {t('web.setup.key.register')}
        </button>
      </div>
    </form>
  );
}
