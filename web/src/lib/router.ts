import { useMemo } from 'preact/hooks';
import { useLocation } from 'preact-iso';

/**
 * The URLs the UI routes on the client. Links outside it — the API, the OpenID Connect
 * provider at `/oidc` — are left to the browser as full page loads. Given to preact-iso's
 * `LocationProvider` as its `scope` (which links it intercepts).
 */
export const UI_SCOPE = /^\/(?!(api|oidc)(\/|$|\?|#))/;

/** True when `path` is a client-side route of the UI (see {@link UI_SCOPE}). */
export function isUIPath(path: string): boolean {
  return UI_SCOPE.test(path);
}

/** The current location as pages read it. */
export interface Route {
  path: string;
  params: URLSearchParams;
}

/** The current path and query; re-renders the caller on every navigation. */
export function useRoute(): Route {
  const { path, url } = useLocation();
  return useMemo(
    () => ({ path, params: new URLSearchParams(url.split('?')[1]?.split('#')[0] ?? '') }),
    [path, url],
  );
}

/**
 * Navigation for event handlers and effects: in-app paths go through the router
 * (`replace` for redirects), anything else on this origin (e.g. `/oidc/…` after a sign-in
 * for an application) is a full page load.
 */
export function useNavigate(): (to: string, options?: { replace?: boolean }) => void {
  const location = useLocation();
  return useMemo(
    () =>
      (to: string, options: { replace?: boolean } = {}) => {
        if (!isUIPath(to)) {
          if (options.replace) window.location.replace(to);
          else window.location.assign(to);
          return;
        }
        if (to === location.url) return;
        location.route(to, options.replace ?? false);
      },
    [location],
  );
}
