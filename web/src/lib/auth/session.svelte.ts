import * as authApi from '$lib/api/auth.ts';
import { onSessionLost, refreshAccessToken, setAccessToken } from '$lib/api/http.ts';
import type { Organization, Permissions, User } from '$lib/api/types.ts';
import { locale, setLocale, type Locale, type MessageKey } from '$lib/i18n/index.svelte.ts';

type Status = 'loading' | 'anonymous' | 'signed-in';

interface SessionState {
  status: Status;
  user: User | null;
  organization: Organization | null;
  /** What the server allows this user (role ∩ location grants ∩ read-only flag). */
  permissions: Permissions | null;
  /** Why the user is looking at the login page, if not by choice. */
  notice: MessageKey | null;
}

/** Who is signed in; components read it, only this module writes it. */
export const session = $state<SessionState>({ status: 'loading', user: null, organization: null, permissions: null, notice: null });

onSessionLost(() => {
  if (session.status !== 'signed-in') return;
  end('session.expired');
});

function end(notice: MessageKey | null): void {
  setAccessToken(null);
  session.status = 'anonymous';
  session.user = null;
  session.organization = null;
  session.permissions = null;
  session.notice = notice;
}

/** Reads the user and organization; `picked` is a language chosen before signing in, which wins. */
async function loadMe(picked: Locale | null = null): Promise<void> {
  const me = await authApi.getMe();
  // The account's saved language follows the user from browser to browser — unless they just chose one.
  // Set before the status flips, so the first signed-in screen is already in the right language.
  if (picked) setLocale(picked);
  else if (me.user.locale === 'en' || me.user.locale === 'ru') setLocale(me.user.locale);
  session.user = me.user;
  session.organization = me.organization;
  session.permissions = me.permissions;
  session.status = 'signed-in';
  session.notice = null;
}

/** At page load: a live refresh cookie signs the user in silently. */
export async function restoreSession(): Promise<void> {
  const token = await refreshAccessToken();
  if (!token) return end(null);
  try {
    await loadMe();
  } catch {
    end(null);
  }
}

// A language picked on the login page is a fresh, explicit choice: it wins over the account's saved one.
// Remembered across reloads of the login page (issue 17: a reload in between used to lose it).
const PICKED_KEY = 'mybeacon.locale.picked';
const pickedBeforeSignIn = {
  get: (): boolean => typeof localStorage !== 'undefined' && localStorage.getItem(PICKED_KEY) === '1',
  set: (picked: boolean): void => {
    if (typeof localStorage === 'undefined') return;
    if (picked) localStorage.setItem(PICKED_KEY, '1');
    else localStorage.removeItem(PICKED_KEY);
  },
};

/** Signs in with e-mail and password; throws ApiError on failure. */
export async function signIn(email: string, password: string): Promise<void> {
  const picked = pickedBeforeSignIn.get() ? locale() : null;
  const tokens = await authApi.login(email, password);
  setAccessToken(tokens.access_token);
  await loadMe(picked);
  pickedBeforeSignIn.set(false);
  if (picked && picked !== session.user?.locale) await changeLocale(picked);
}

/** Ends this session, or with `everywhere` every session of the user. */
export async function signOut(everywhere = false): Promise<void> {
  try {
    await (everywhere ? authApi.logoutAll() : authApi.logout());
  } finally {
    end(null);
  }
}

/** Re-reads the user and organization (e.g. after an admin activated it). */
export const refreshMe = (): Promise<void> => loadMe();

/** Switches the language and, when signed in, remembers it on the account. */
export async function changeLocale(next: Locale): Promise<void> {
  setLocale(next);
  if (session.status !== 'signed-in') {
    pickedBeforeSignIn.set(true);
    return;
  }
  const me = await authApi.updateMe({ locale: next });
  session.user = me.user;
}

/** brief: an organization sees nothing until an admin activates it and enables at least one product. */
export const isAwaitingActivation = (org: Organization | null): boolean => !org || org.status === 'pending' || org.products.length === 0;
