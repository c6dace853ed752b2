import type { ComponentChildren, ComponentType } from 'preact';
import { useLayoutEffect } from 'preact/hooks';
import { lazy, Route, Router, useLocation } from 'preact-iso';
import { Shell } from './components/shell.js';
import { useApp } from './lib/app-context.js';
import { useNavigate } from './lib/router.js';
import { ConsentPage } from './pages/consent.js';
import { DevOutboxPage } from './pages/dev-outbox.js';
import { NotAllowedPage, NotFoundPage } from './pages/errors.js';
import { ForgotPasswordPage } from './pages/forgot-password.js';
import { ResetPasswordPage } from './pages/reset-password.js';
import { SecurityPage } from './pages/security.js';
import { SetupPage } from './pages/setup.js';
import { SignInPage } from './pages/sign-in.js';
import { SignUpPage } from './pages/sign-up.js';
import { VerifyEmailPage } from './pages/verify-email.js';

/** Members never need the admin console: it loads on first use. */
const AdminPage = lazy(() => import('./pages/admin/admin-page.js').then((m) => m.AdminPage));

/**
 * Who may open a page, and in which frame:
 * - `public`: anyone, as is (the page draws its own frame);
 * - `session`: signed-in users, inside the shell; anyone else is sent to sign in and
 *   brought back afterwards (`/signin?next=<this URL>`);
 * - `admin`: as `session`, and only system or organization admins (members see "not allowed").
 */
export type RouteAccess = 'public' | 'session' | 'admin';

export interface AppRoute {
  /** A preact-iso path pattern: `/admin/:section?`. */
  path: string;
  access: RouteAccess;
  component: ComponentType;
}

/** Sends the browser to `to` (replacing this entry) as soon as it renders. */
export function Redirect({ to }: { to: string }) {
  const navigate = useNavigate();
  // The router's state lives in LocationProvider, above every page: a navigation from a child
  // effect cannot be lost, whenever it runs (the old hand-written router dropped it).
  useLayoutEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

/** `/`: the account page when signed in, else sign-in. */
function Home() {
  const { current } = useApp();
  return <Redirect to={current ? '/security' : '/signin'} />;
}

/** `/dev/outbox`: in the shell when signed in, standalone otherwise; absent in production. */
function DevOutboxRoute() {
  const { current, config } = useApp();
  if (!config.devOutbox) return <NotFoundRoute />;
  return current ? (
    <Shell>
      <DevOutboxPage />
    </Shell>
  ) : (
    <DevOutboxPage standalone />
  );
}

function NotFoundRoute() {
  const { current } = useApp();
  return current ? (
    <Shell>
      <NotFoundPage inShell />
    </Shell>
  ) : (
    <NotFoundPage />
  );
}

/**
 * Every page of the UI, in one table. A new page is one line here (and its component);
 * unknown paths get "not found". The server answers `index.html` for any of these URLs,
 * so each also works as a deep link (from an email, a bookmark, a reload).
 */
export const ROUTES: AppRoute[] = [
  { path: '/', access: 'public', component: Home },
  { path: '/signin', access: 'public', component: SignInPage },
  { path: '/signup', access: 'public', component: SignUpPage },
  { path: '/consent', access: 'public', component: ConsentPage },
  { path: '/forgot-password', access: 'public', component: ForgotPasswordPage },
  { path: '/reset-password', access: 'public', component: ResetPasswordPage },
  { path: '/verify-email', access: 'public', component: VerifyEmailPage },
  { path: '/dev/outbox', access: 'public', component: DevOutboxRoute },
  { path: '/security', access: 'session', component: SecurityPage },
  { path: '/setup', access: 'session', component: SetupPage },
  { path: '/admin/:section?', access: 'admin', component: AdminPage },
];

/** Wraps a page in its access rule and frame (see {@link RouteAccess}). */
function guarded(route: AppRoute): ComponentType {
  const Page = route.component;
  if (route.access === 'public') return Page;
  return function Guarded() {
    const { current } = useApp();
    const { url } = useLocation();
    if (!current) return <Redirect to={`/signin?next=${encodeURIComponent(url)}`} />;
    let page: ComponentChildren = <Page />;
    if (route.access === 'admin' && current.user.role === 'member') page = <NotAllowedPage />;
    return <Shell>{page}</Shell>;
  };
}

const GUARDED = ROUTES.map((route) => ({ path: route.path, component: guarded(route) }));

/** The router: the first matching entry of {@link ROUTES}, else "not found". */
export function Routes() {
  return (
    <Router>
      {[
        ...GUARDED.map((route) => <Route key={route.path} path={route.path} component={route.component} />),
        <Route key="*" default component={NotFoundRoute} />,
      ]}
    </Router>
  );
}
