import { useEffect } from 'preact/hooks';
import { isUIPath } from './router.js';

/** The question asked before leaving, while a page holds something that would be lost. */
let active: string | null = null;

/**
 * Asks before leaving while something would be lost (backup codes not yet saved). `true`:
 * nothing to lose, or the user agreed to leave. For in-app actions that leave the page
 * (sign out, closing a dialog).
 */
export function confirmLeave(): boolean {
  if (!active) return true;
  const leave = window.confirm(active);
  if (leave) active = null;
  return leave;
}

/** A click on a link that the router would follow inside the app. */
function inAppLink(event: MouseEvent): HTMLAnchorElement | null {
  if (event.defaultPrevented || event.button !== 0) return null;
  if (event.ctrlKey || event.metaKey || event.altKey || event.shiftKey) return null;
  const link = event.composedPath().find((el): el is HTMLAnchorElement => el instanceof HTMLAnchorElement);
  if (!link?.href || link.origin !== window.location.origin || (link.target && link.target !== '_self'))
    return null;
  const href = link.getAttribute('href') ?? '';
  if (href.startsWith('#')) return null;
  return isUIPath(link.pathname) ? link : null;
}

/**
 * While `when` holds: the browser asks before the tab closes or reloads (`beforeunload`),
 * and a click on an in-app link (the header's) asks with `message` first — declining keeps
 * the user where they are. Captured on `window` before the router sees the click.
 */
export function useLeaveGuard(when: boolean, message: string): void {
  useEffect(() => {
    if (!when) return;
    active = message;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers show the prompt only when returnValue is set.
      event.returnValue = '';
    };
    const onClick = (event: MouseEvent) => {
      if (!inAppLink(event)) return;
      if (confirmLeave()) return;
      event.preventDefault();
      event.stopImmediatePropagation();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    window.addEventListener('click', onClick, true);
    return () => {
      if (active === message) active = null;
      window.removeEventListener('beforeunload', onBeforeUnload);
      window.removeEventListener('click', onClick, true);
    };
  }, [when, message]);
}
