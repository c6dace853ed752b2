/** Who requires 2FA of the user: the system or their organization. */
export interface RequiredBy {
  kind: 'system' | 'organization';
  name: string;
}

import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { CurrentSession, PublicConfig } from './types.js';

export const DEFAULT_CONFIG: PublicConfig = {
  productName: 'Twofold',
  signupEnabled: true,
  methods: { totp: true, email: true, sms: false, webauthn: false, backupCodes: true },
  enabledMethods: ['totp', 'email'],
  // Until the server answers; the admin forms that list every type render after it has.
  factorTypes: ['totp', 'email', 'sms', 'webauthn'],
  devOutbox: false,
  locales: ['en', 'zh-CN', 'de', 'es', 'fr'],
  defaultLocale: 'en',
  locale: 'en',
};

/** What every page may read: server config, the signed-in user, and ways to change them. */
export interface AppState {
  config: PublicConfig;
  /** `undefined` while loading, `null` when signed out. */
  current: CurrentSession | null | undefined;
  refreshSession: () => Promise<CurrentSession | null>;
  signOut: () => Promise<void>;
  /** Set when a sign-in answered `authenticated` inside an enforcement grace period. */
  enrollmentDeadline: string | null;
  /** Whose requirement sets the deadline (the login answer's `requiredBy`). */
  enrollmentRequiredBy: RequiredBy | null;
  setEnrollmentDeadline: (deadline: string | null, requiredBy?: RequiredBy | null) => void;
  /**
   * Shows a short toast ("Backup codes copied"). It belongs to the step or page it was shown on:
   * the next page (or a step change, see `useToastScope`) takes it away, unless `carry` — for a
   * notice that reports what led to the navigation ("Method added", then the security page).
   */
  notify: (message: string, options?: { carry?: boolean }) => void;
  /** Takes the toast away (a new step began). */
  dismissToast: () => void;
}

export const AppContext = createContext<AppState | null>(null);

export function useApp(): AppState {
  const state = useContext(AppContext);
  if (!state) throw new Error('useApp outside <AppContext.Provider>');
  return state;
}
