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

/** Marks the history entry the guard adds on top of the guarded page (same URL). */
const GUARD_STATE = 'twofoldLeaveGuard';

function onGuardEntry(): boolean {
  const state: unknown = history.state;
  return typeof state === 'object' && state !== null && GUARD_STATE in state;
}

function pushGuardEntry(): void {
  history.pushState({ [GUARD_STATE]: true }, '', window.location.href);
}

/** The step back off a released guard's entry, while it is under way. */
let droppingEntry: Promise<void> | null = null;

/**
 * Takes the guard's extra history entry away once nothing is guarded any more (backup codes
 * saved): one step back onto the page's own entry (same URL, so the router sees no change).
 * Otherwise it stays, and after the user moves on, one Back press lands on a copy of the page
 * and seems to do nothing. Resolves when the step is done, so a navigation that follows
 * (Done → the security page) is pushed after it, not undone by it.
 */
export function dropLeaveGuardEntry(): Promise<void> {
  if (droppingEntry) return droppingEntry;
  if (active || !onGuardEntry()) return Promise.resolve();
  droppingEntry = new Promise<void>((resolve) => {
    const landed = () => {
      window.removeEventListener('popstate', landed);
      droppingEntry = null;
      resolve();
    };
    window.addEventListener('popstate', landed);
    history.back();
  });
  return droppingEntry;
}

/**
 * While `when` holds: the browser asks before the tab closes or reloads (`beforeunload`),
 * and a click on an in-app link (the header's) asks with `message` first — declining keeps
 * the user where they are. Captured on `window` before the router sees the click.
 *
 * The browser's Back button too: the guard adds a history entry with the same URL on top of
 * the page, so Back first lands on the page itself (the router sees no change) and asks;
 * staying puts the entry back, leaving goes back once more for real.
 */
export function useLeaveGuard(when: boolean, message: string): void {
  useEffect(() => {
    if (!when) return;
    active = message;
    const guardedUrl = window.location.href;
    // One entry per guarded page (a re-run, e.g. a language change, finds it already there).
    if (!onGuardEntry()) pushGuardEntry();
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
    const release = () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      window.removeEventListener('click', onClick, true);
      window.removeEventListener('popstate', onPopState);
    };
    const onPopState = () => {
      // Back from the guard's entry lands on the page itself (same URL); anything else is not ours.
      if (onGuardEntry() || window.location.href !== guardedUrl) return;
      if (!active || window.confirm(active)) {
        active = null;
        release();
        history.back();
        return;
      }
      pushGuardEntry();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    window.addEventListener('click', onClick, true);
    window.addEventListener('popstate', onPopState);
    return () => {
      if (active === message) active = null;
      release();
      // Released for good (not re-armed with a new message, not left by Back or a link): the
      // extra entry goes. A re-run arms again in the same commit, before this timer.
      setTimeout(() => {
        if (window.location.href === guardedUrl) void dropLeaveGuardEntry();
      }, 0);
    };
  }, [when, message]);
}
