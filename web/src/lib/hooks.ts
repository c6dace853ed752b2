import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api, describeError } from './api.js';
import { useApp } from './app-context.js';

/**
 * Seconds left until a moment, ticking every second. `start(seconds)` restarts it.
 */
export function useCountdown(initialSeconds = 0): { seconds: number; start: (seconds: number) => void } {
  const [until, setUntil] = useState(() => Date.now() + initialSeconds * 1000);
  const [now, setNow] = useState(() => Date.now());
  const seconds = Math.max(0, Math.ceil((until - now) / 1000));
  useEffect(() => {
    if (seconds <= 0) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [seconds > 0, until]);
  const start = useCallback((value: number) => {
    const at = Date.now();
    setNow(at);
    setUntil(at + Math.max(0, value) * 1000);
  }, []);
  return { seconds, start };
}

/**
 * Moves focus into a step when it mounts: the first enabled field, else the heading
 * (`[data-autofocus]` wins over both).
 */
export function useFocusFirst<T extends HTMLElement>(deps: unknown[] = []) {
  const ref = useRef<T>(null);
  useEffect(() => {
    const root = ref.current;
    if (!root) return;
    const target =
      root.querySelector<HTMLElement>('[data-autofocus]') ??
      root.querySelector<HTMLElement>(
        'input:not([type=hidden]):not([disabled]):not([type=checkbox]), select:not([disabled]), textarea:not([disabled])',
      ) ??
      root.querySelector<HTMLElement>('h1, h2');
    if (!target) return;
    if (target.matches('h1, h2') && !target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus({ preventScroll: false });
  }, deps);
  return ref;
}

/** Load data with an async function; `reload()` runs it again. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[] = []) {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const version = useRef(0);
  const run = useCallback(() => {
    const mine = ++version.current;
    setState((previous) => ({ ...previous, loading: true }));
    load().then(
      (data) => {
        if (mine === version.current) setState({ data, loading: false });
      },
      (error: unknown) => {
        if (mine === version.current)
          setState((previous) => ({ data: previous.data, error, loading: false }));
      },
    );
  }, deps);
  useEffect(() => {
    run();
  }, [run]);
  return { ...state, reload: run, setData: (data: T) => setState({ data, loading: false }) };
}

/** Sets `document.title` to "Page · Product". */
export function useTitle(title: string, product = 'Twofold') {
  useEffect(() => {
    document.title = title ? `${title} · ${product}` : product;
  }, [title, product]);
}

/** `value`, once it has stopped changing for `delayMs` (search boxes). */
export function useDebounced<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

/**
 * A cursor-paginated list (`{[key]: T[], nextCursor}`): reloads from the first page
 * whenever `deps` change, appends with `loadMore(cursor)`. A response that arrives
 * after a newer request was made is dropped, so fast filter changes never show an
 * older result.
 */
export function useCursorList<T>(key: string, pathFor: (cursor: string | null) => string, deps: unknown[]) {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(0);

  const load = async (after: string | null) => {
    const mine = ++latest.current;
    setLoading(true);
    setError(null);
    try {
      const result = await api.get<Record<string, unknown> & { nextCursor?: string | null }>(pathFor(after));
      if (mine !== latest.current) return;
      const page = (result[key] as T[] | undefined) ?? [];
      setItems((previous) => (after ? [...previous, ...page] : page));
      setCursor(result.nextCursor ?? null);
    } catch (caught) {
      if (mine === latest.current) setError(describeError(caught));
    } finally {
      if (mine === latest.current) setLoading(false);
    }
  };

  useEffect(() => {
    void load(null);
  }, deps);

  return { items, cursor, loading, error, loadMore: (after: string) => void load(after) };
}

/**
 * A toast belongs to the step it was shown on: when `step` changes (a wizard's or the sign-in's
 * next step), the toast of the previous one goes ("Key copied" is not news on the next screen).
 */
export function useToastScope(step: unknown): void {
  const { dismissToast } = useApp();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    dismissToast();
  }, [step]);
}

/**
 * A bar stuck to the bottom of the viewport (the policy form's Save bar): its height becomes the
 * page's bottom scroll padding (`--sticky-bottom-bar`, see styles.css), so a field that gets focus
 * — from the keyboard or after a failed save, with its error message below it — is scrolled clear
 * of the bar instead of under it. A callback ref: the bar may appear after the page loads.
 */
export function useStickyBottomBar<T extends HTMLElement>(): (node: T | null) => void {
  const cleanup = useRef<(() => void) | null>(null);
  useEffect(() => () => cleanup.current?.(), []);
  return useCallback((node: T | null) => {
    cleanup.current?.();
    cleanup.current = null;
    if (!node) return;
    const root = document.documentElement;
    const update = () =>
      root.style.setProperty(
        '--sticky-bottom-bar',
        `${Math.ceil(node.getBoundingClientRect().height) + 12}px`,
      );
    update();
    const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(update) : null;
    observer?.observe(node);
    cleanup.current = () => {
      observer?.disconnect();
      root.style.removeProperty('--sticky-bottom-bar');
    };
  }, []);
}
