import { en, type MessageKey } from './en.ts';
import { ru } from './ru.ts';

export type Locale = 'en' | 'ru';
export const LOCALES: readonly Locale[] = ['en', 'ru'];
export type { MessageKey };

const DICTIONARIES: Record<Locale, Record<MessageKey, string>> = { en, ru };
const STORAGE_KEY = 'mybeacon.locale';

const isLocale = (value: unknown): value is Locale => value === 'en' || value === 'ru';

/** Before sign-in: the last choice on this browser, else the browser's language. After sign-in the user's saved locale wins. */
function initialLocale(): Locale {
  if (typeof localStorage !== 'undefined') {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (isLocale(saved)) return saved;
  }
  if (typeof navigator !== 'undefined' && navigator.language.toLowerCase().startsWith('ru')) return 'ru';
  return 'en';
}

let current = $state<Locale>(initialLocale());

/** The active locale; reading it inside a component or effect makes that code follow changes. */
export const locale = (): Locale => current;

/** Switches the interface language locally (persisting to the account is the session's job). */
export function setLocale(next: string): void {
  if (!isLocale(next)) return;
  current = next;
  if (typeof localStorage !== 'undefined') localStorage.setItem(STORAGE_KEY, next);
  if (typeof document !== 'undefined') document.documentElement.lang = next;
}

/** Translates a key, filling `{param}` placeholders. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const text = DICTIONARIES[current][key] ?? en[key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Whether a string is a dictionary key (for error codes arriving from the API). */
export const hasKey = (key: string): key is MessageKey => key in en;
