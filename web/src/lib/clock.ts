import { createSubscriber } from 'svelte/reactivity';

// One shared timer for every "5 minutes ago" label on screen, running only while some label is shown.
const subscribe = createSubscriber((update) => {
  const timer = setInterval(update, 30_000);
  return () => clearInterval(timer);
});

/** The current time; components that read it re-render every 30 s. */
export function now(): number {
  subscribe();
  return Date.now();
}
