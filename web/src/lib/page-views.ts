import { reportPageView } from '$lib/api/audit.ts';

// Stripped from the document title to leave what the page shows ("Склад №3 · MyBeacon" → "Склад №3").
const APP_SUFFIX = / · MyBeacon$/;

/**
 * Reports an opened page to the audit log (brief: "Переходы по страницам"). Best effort: a lost report
 * must never disturb the page. Only the path is sent: query strings may hold filters or mailed links' tokens.
 */
export function reportPage(path: string): void {
  const title = typeof document === 'undefined' ? '' : document.title.replace(APP_SUFFIX, '').trim();
  void reportPageView(path.slice(0, 300), title ? title.slice(0, 200) : undefined).catch(() => undefined);
}
