import type { ApiError } from '$lib/api/http.ts';
import { toApiError } from './resource.svelte.ts';

/** A button's mutation: busy while it runs, its error shown next to it, never run twice at once. */
export class Action {
  busy = $state(false);
  error = $state<ApiError | null>(null);

  async run<T>(fn: () => Promise<T>): Promise<T | undefined> {
    if (this.busy) return undefined;
    this.busy = true;
    this.error = null;
    try {
      return await fn();
    } catch (err) {
      this.error = toApiError(err);
      return undefined;
    } finally {
      this.busy = false;
    }
  }
}
