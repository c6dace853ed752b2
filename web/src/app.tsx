import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { Spinner } from './components/alert.js';
import { Icon } from './components/icons.js';
import { LogoMark } from './components/logo.js';
import { ReauthDialog } from './components/reauth-dialog.js';
import { ApiError, api, setReauthHandler, setUnauthenticatedHandler } from './lib/api.js';
import { AppContext, type AppState, DEFAULT_CONFIG, useApp } from './lib/app-context.js';
import { formatDate } from './lib/format.js';
import { navigate, onLinkClick, useRoute } from './lib/router.js';
import type { CurrentSession, PublicConfig } from './lib/types.js';
import { AdminPage } from './pages/admin/admin-page.js';
import { ConsentPage } from './pages/consent.js';
import { DevOutboxPage } from './pages/dev-outbox.js';
import { NotAllowedPage, NotFoundPage } from './pages/errors.js';
import { SecurityPage } from './pages/security.js';
import { SetupPage } from './pages/setup.js';
import { SignInPage } from './pages/sign-in.js';
import { SignUpPage } from './pages/sign-up.js';

const DEADLINE_KEY = 'twofold.enrollmentDeadline';

export function App() {
  const [config, setConfig] = useState<PublicConfig | null>(null);
  const [current, setCurrent] = useState<CurrentSession | null | undefined>(undefined);
  const [deadline, setDeadline] = useState<string | null>(() => sessionStorage.getItem(DEADLINE_KEY));
  const [toast, setToast] = useState<{ id: number; text: string } | null>(null);
  const [reauthOpen, setReauthOpen] = useState(false);
  const reauthResolve = useRef<((passed: boolean) => void) | null>(null);

  const refreshSession = useCallback(async () => {
    try {
      const session = await api.get<CurrentSession>('/api/auth/session', { reauth: false });
      setCurrent(session);
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
      .then((value) =>
        setConfig({ ...DEFAULT_CONFIG, ...value, methods: { ...DEFAULT_CONFIG.methods, ...value.methods } }),
      )
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

  const notify = useCallback((text: string) => setToast({ id: Date.now(), text }), []);
  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => setToast(null), 3500);
    return () => clearTimeout(timer);
  }, [toast]);

  const state = useMemo<AppState>(
    () => ({
      config: config ?? DEFAULT_CONFIG,
      current,
      refreshSession,
      signOut: async () => {
        try {
          await api.post('/api/auth/logout', {}, { reauth: false });
        } catch {
          // Signed out either way: the cookie is gone or was already invalid.
        }
        sessionStorage.removeItem(DEADLINE_KEY);
        navigate('/signin', { replace: true });
        setDeadline(null);
        setCurrent(null);
      },
      enrollmentDeadline: deadline,
      setEnrollmentDeadline: (value) => {
        if (value) sessionStorage.setItem(DEADLINE_KEY, value);
        else sessionStorage.removeItem(DEADLINE_KEY);
        setDeadline(value);
      },
      notify,
    }),
    [config, current, refreshSession, deadline, notify],
  );

  return (
    <AppContext.Provider value={state}>
      {config === null || current === undefined ? (
        <div class="boot">
          <Spinner label="Loading" />
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

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

function Routes() {
  const { path } = useRoute();
  const { current, config } = useApp();
  const signedIn = !!current;
  const here = `${window.location.pathname}${window.location.search}`;

  // Both pages send an already signed-in visitor on (once, at mount) and navigate themselves after success.
  if (path === '/signin') return <SignInPage />;
  if (path === '/signup') return <SignUpPage />;
  if (path === '/consent') return <ConsentPage />;
  if (path === '/') return <Redirect to={signedIn ? '/security' : '/signin'} />;
  if (path === '/dev/outbox') {
    if (!config.devOutbox) return <NotFoundPage />;
    return signedIn ? (
      <Shell>
        <DevOutboxPage />
      </Shell>
    ) : (
      <DevOutboxPage standalone />
    );
  }
  if (!signedIn) {
    if (path === '/security' || path === '/setup' || path.startsWith('/admin')) {
      return <Redirect to={`/signin?next=${encodeURIComponent(here)}`} />;
    }
    return <NotFoundPage />;
  }
  let page: ComponentChildren;
  if (path === '/security') page = <SecurityPage />;
  else if (path === '/setup') page = <SetupPage />;
  else if (path === '/admin' || path.startsWith('/admin/')) {
    page = current.user.role === 'member' ? <NotAllowedPage /> : <AdminPage path={path} />;
  } else page = <NotFoundPage inShell />;
  return <Shell>{page}</Shell>;
}

/** Header, enrollment reminder and page frame of every signed-in page. */
function Shell({ children }: { children: ComponentChildren }) {
  const { current, config, signOut, enrollmentDeadline, setEnrollmentDeadline } = useApp();
  const { path } = useRoute();
  if (!current) return null;
  const isAdmin = current.user.role === 'system_admin' || current.user.role === 'org_admin';
  const showReminder = !!enrollmentDeadline && !current.user.mfaEnabled && path !== '/setup';
  const navLink = (href: string, label: string, active: boolean) => (
    <a
      href={href}
      class={active ? 'nav-link is-active' : 'nav-link'}
      aria-current={active ? 'page' : undefined}
      onClick={onLinkClick}
    >
      {label}
    </a>
  );
  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <div class="topbar-inner">
          <a href="/security" class="brand" onClick={onLinkClick}>
            <LogoMark />
            <span class="logo-word">{config.productName}</span>
          </a>
          <nav class="nav" aria-label="Main">
            {navLink('/security', 'Security', path === '/security' || path === '/setup')}
            {isAdmin && navLink('/admin', 'Admin', path.startsWith('/admin'))}
            {config.devOutbox && navLink('/dev/outbox', 'Outbox', path === '/dev/outbox')}
          </nav>
          <div class="account">
            <span class="account-email" title={current.user.email}>
              {current.user.email}
            </span>
            <button type="button" class="btn btn-ghost btn-small" onClick={() => void signOut()}>
              <Icon name="logout" size={16} /> <span class="label-wide">Sign out</span>
            </button>
          </div>
        </div>
      </header>
      {showReminder && (
        <section class="banner" aria-label="Two-step verification reminder">
          <div class="banner-inner">
            <Icon name="shield" size={20} />
            <p>
              <strong>Set up two-step verification</strong> — it will be required from{' '}
              {formatDate(enrollmentDeadline)}.
            </p>
            <div class="banner-actions">
              <a href="/setup" class="btn btn-primary btn-small" onClick={onLinkClick}>
                Set up now
              </a>
              <button
                type="button"
                class="btn btn-ghost btn-small"
                onClick={() => setEnrollmentDeadline(null)}
              >
                Skip for now
              </button>
            </div>
          </div>
        </section>
      )}
      <main class="page" id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
