import { useEffect, useState } from 'preact/hooks';

/** The current location as the UI routes on it. */
export interface Route {
  path: string;
  params: URLSearchParams;
}

const listeners = new Set<() => void>();

function current(): Route {
  const path = window.location.pathname.replace(/\/+$/, '') || '/';
  return { path, params: new URLSearchParams(window.location.search) };
}

/** Go to an in-app path with the history API (`replace` for redirects). */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === window.location.pathname + window.location.search) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.scrollTo(0, 0);
  for (const listener of listeners) listener();
}

window.addEventListener('popstate', () => {
  for (const listener of listeners) listener();
});

/** Re-renders the caller on every navigation. */
export function useRoute(): Route {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const update = () => setRoute(current());
    listeners.add(update);
    return () => {
      listeners.delete(update);
    };
  }, []);
  return route;
}

/** Click handler for in-app links: plain clicks navigate without a page load. */
export function onLinkClick(event: MouseEvent): void {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const anchor = (event.currentTarget as HTMLElement | null)?.closest('a');
  if (!anchor || anchor.target || anchor.origin !== window.location.origin) return;
  event.preventDefault();
  navigate(anchor.pathname + anchor.search);
}
