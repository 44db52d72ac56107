import { goto } from '$app/navigation';

/**
 * List filters live in the URL, so reload, back and a shared link show the same list.
 * `patchQuery` changes some parameters; any filter change starts again at page 1. `replace` rewrites the
 * current history entry instead of adding one (typing into a search box is one step back, not one per letter).
 */
export function patchQuery(url: URL, patch: Record<string, string | number | boolean | null | undefined>, { replace = false } = {}): Promise<void> {
  const next = new URL(url);
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined || value === null || value === '' || value === false) next.searchParams.delete(key);
    else next.searchParams.set(key, String(value));
  }
  if (!('page' in patch)) next.searchParams.delete('page');
  return goto(next, { keepFocus: true, noScroll: true, replaceState: replace });
}

export const DEFAULT_PAGE_SIZE = 50;
export const PAGE_SIZES = [25, 50, 100, 200] as const;

/** page and page_size from the URL, clamped to what the API accepts. */
export function pageFrom(params: URLSearchParams): { page: number; page_size: number } {
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const size = Number.parseInt(params.get('page_size') ?? '', 10);
  return { page, page_size: (PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_PAGE_SIZE };
}

/** A positive integer parameter, or undefined. */
export function intParam(params: URLSearchParams, key: string): number | undefined {
  const value = params.get(key) ?? '';
  return /^[1-9]\d{0,9}$/.test(value) ? Number(value) : undefined;
}

/** "true"/"false" parameter, or undefined when absent. */
export function boolParam(params: URLSearchParams, key: string): boolean | undefined {
  const v = params.get(key);
  return v === 'true' ? true : v === 'false' ? false : undefined;
}
