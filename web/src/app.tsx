import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { LocationProvider, useLocation } from 'preact-iso';
import { Spinner } from './components/alert.js';
import { Icon } from './components/icons.js';
import { ReauthDialog } from './components/reauth-dialog.js';
import { ApiError, api, setReauthHandler, setUnauthenticatedHandler } from './lib/api.js';
import { AppContext, type AppState, DEFAULT_CONFIG, type RequiredBy } from './lib/app-context.js';
import { changeLocale, currentLocale, initialLocale, useTranslation } from './lib/i18n.js';
import { confirmLeave } from './lib/leave-guard.js';
import { UI_SCOPE, useNavigate } from './lib/router.js';
import type { CurrentSession, PublicConfig } from './lib/types.js';
import { Routes } from './routes.js';

const DEADLINE_KEY = 'twofold.enrollmentDeadline';
const REQUIRED_BY_KEY = 'twofold.enrollmentRequiredBy';

function readRequiredBy(): RequiredBy | null {
  try {
    const value = JSON.parse(sessionStorage.getItem(REQUIRED_BY_KEY) ?? 'null') as RequiredBy | null;
    return value && typeof value.name === 'string' ? value : null;
  } catch {
    return null;
  }
}

/** The UI: preact-iso's location (links in {@link UI_SCOPE} route on the client) around the app. */
export function App() {
  return (
    <LocationProvider scope={UI_SCOPE}>
      <AppRoot />
    </LocationProvider>
  );
}

/** Loads the server's public config and the session, then routes (see `routes.tsx`). */
function AppRoot() {
  const navigate = useNavigate();
  const { t } = useTranslation();
  // Read at sign-out time: `navigate` changes with every location, the app state need not.
  const navigateRef = useRef(navigate);
  navigateRef.current = navigate;
  const [config, setConfig] = useState<PublicConfig | null>(null);
  const [current, setCurrent] = useState<CurrentSession | null | undefined>(undefined);
  const [deadline, setDeadline] = useState<string | null>(() => sessionStorage.getItem(DEADLINE_KEY));
  const [requiredBy, setRequiredBy] = useState<RequiredBy | null>(readRequiredBy);
  const [toast, setToast] = useState<{ id: number; text: string; carry: boolean } | null>(null);
  const { path } = useLocation();
  const [reauthOpen, setReauthOpen] = useState(false);
  const reauthResolve = useRef<((passed: boolean) => void) | null>(null);

  const refreshSession = useCallback(async () => {
    try {
      const session = await api.get<CurrentSession>('/api/auth/session', { reauth: false });
      setCurrent(session);
      // The saved language follows the user to every browser.
      if (session.user.locale && session.user.locale !== currentLocale())
        await changeLocale(session.user.locale, false);
      return session;
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401)
        console.warn('Could not load the session', error);
      setCurrent(null);
      return null;
    }
  }, []);

  useEffect(() => {
    api
      .get<PublicConfig>('/api/public-config')
      .then((value) => {
        setConfig({ ...DEFAULT_CONFIG, ...value, methods: { ...DEFAULT_CONFIG.methods, ...value.methods } });
        // Nothing chosen on this browser and none of its languages spoken: the server's pick.
        if (!initialLocale() && value.locale) void changeLocale(value.locale, false);
      })
      .catch(() => setConfig(DEFAULT_CONFIG));
    void refreshSession();
  }, [refreshSession]);

  useEffect(() => {
    setReauthHandler(
      () =>
        new Promise<boolean>((resolve) => {
          reauthResolve.current = resolve;
          setReauthOpen(true);
        }),
    );
    setUnauthenticatedHandler(() => setCurrent(null));
    return () => {
      setReauthHandler(null);
      setUnauthenticatedHandler(null);
    };
  }, []);

  const notify = useCallback(
    (text: string, options: { carry?: boolean } = {}) =>
      setToast({ id: Date.now(), text, carry: options.carry === true }),
    [],
  );
  const dismissToast = useCallback(() => setToast(null), []);
  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => setToast(null), 3500);
    return () => clearTimeout(timer);
  }, [toast?.id]);
  // A toast belongs to the page it was shown on: the next page takes it away ("Key copied" is
  // not news on the security page), except one made to announce that navigation, once.
  const toastPath = useRef(path);
  useEffect(() => {
    if (toastPath.current === path) return;
    toastPath.current = path;
    setToast((shown) => (shown?.carry ? { ...shown, carry: false } : null));
  }, [path]);

  const state = useMemo<AppState>(
    () => ({
      config: config ?? DEFAULT_CONFIG,
      current,
      refreshSession,
      signOut: async () => {
        // Unsaved backup codes on screen: ask before they are lost.
        if (!confirmLeave()) return;
        try {
          await api.post('/api/auth/logout', {}, { reauth: false });
        } catch {
          // Signed out either way: the cookie is gone or was already invalid.
        }
        sessionStorage.removeItem(DEADLINE_KEY);
        sessionStorage.removeItem(REQUIRED_BY_KEY);
        navigateRef.current('/signin', { replace: true });
        setDeadline(null);
        setCurrent(null);
      },
      enrollmentDeadline: deadline,
      enrollmentRequiredBy: requiredBy,
      setEnrollmentDeadline: (value, by = null) => {
        if (value) sessionStorage.setItem(DEADLINE_KEY, value);
        else sessionStorage.removeItem(DEADLINE_KEY);
        if (value && by) sessionStorage.setItem(REQUIRED_BY_KEY, JSON.stringify(by));
        else sessionStorage.removeItem(REQUIRED_BY_KEY);
        setDeadline(value);
        setRequiredBy(value ? by : null);
      },
      notify,
      dismissToast,
    }),
    [config, current, refreshSession, deadline, requiredBy, notify, dismissToast],
  );

  return (
    <AppContext.Provider value={state}>
      {config === null || current === undefined ? (
        <div class="boot">
          <Spinner label={t('web.shell.loading')} />
        </div>
      ) : (
        <Routes />
      )}
      <ReauthDialog
        open={reauthOpen}
        onDone={(passed) => {
          setReauthOpen(false);
          reauthResolve.current?.(passed);
          reauthResolve.current = null;
        }}
      />
      <div class="toast-region" aria-live="polite">
        {toast && (
          <div class="toast" key={toast.id}>
            <Icon name="check" size={16} /> {toast.text}
          </div>
        )}
      </div>
    </AppContext.Provider>
  );
}
