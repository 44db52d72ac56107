import { ApiError } from '$lib/api/http.ts';

/**
 * One asynchronous value a page shows (a list page, a device, the settings): loading and error state,
 * and only the newest request may write — a slow answer to an old filter never replaces a newer one.
 */
export class Resource<T> {
  value = $state<T | null>(null);
  loading = $state(false);
  error = $state<ApiError | null>(null);
  #generation = 0;
  #last: (() => Promise<T>) | null = null;

  /**
   * Starts `fetcher`, keeping the previous value on screen until the new one arrives.
   * `quiet` (background refresh) shows no loading state.
   */
  async load(fetcher: () => Promise<T>, { quiet = false } = {}): Promise<void> {
    const generation = ++this.#generation;
    this.#last = fetcher;
    if (!quiet) {
      this.loading = true;
      this.error = null;
    }
    try {
      const value = await fetcher();
      if (generation === this.#generation) this.value = value;
    } catch (err) {
      if (generation === this.#generation) this.error = toApiError(err);
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }

  /** Repeats the last request (after a change, or from a "try again" button). */
  reload = (): Promise<void> => (this.#last ? this.load(this.#last) : Promise.resolve());

  /** Fetches the last request again in the background (live status without flicker). */
  refresh = (): Promise<void> => (this.#last && !this.loading ? this.load(this.#last, { quiet: true }) : Promise.resolve());

  /** Replaces the value with a fresher copy returned by a mutation. */
  set(value: T): void {
    this.value = value;
  }
}

/** Any thrown thing as an ApiError, so the UI has one error shape to show. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return new ApiError(0, 'internal_error', err instanceof Error ? err.message : String(err));
}
