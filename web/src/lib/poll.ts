/** How often lists of devices refresh themselves: online status and counts change without a click. */
export const LIVE_REFRESH_MS = 30_000;

/** Calls `refresh` every `ms` while the tab is visible; returns the stopper (an $effect's cleanup). */
export function poll(refresh: () => unknown, ms = LIVE_REFRESH_MS): () => void {
  const timer = setInterval(() => {
    if (document.visibilityState === 'visible') refresh();
  }, ms);
  return () => clearInterval(timer);
}
