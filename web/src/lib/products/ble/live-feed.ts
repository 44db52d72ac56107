import { currentAccessToken, refreshAccessToken } from '$lib/api/http.ts';
import { getLiveSnapshot, type LiveFix, type LiveSnapshot } from './api.ts';

/** Where the live map connects (api/products/ble/live-socket.ts). */
const LIVE_PATH = '/api/v1/client/ble/live';
// The engine fixes every ≤ 5 s: polling faster gains nothing, slower makes the fallback visibly late.
const POLL_MS = 5000;
// Reconnects back off to this; meanwhile the map polls.
const MAX_RETRY_MS = 30_000;

export type FeedMode = 'connecting' | 'live' | 'polling';

export interface FeedHandlers {
  snapshot(s: LiveSnapshot): void;
  fixes(fixes: LiveFix[]): void;
  receiver(deviceId: number, online: boolean): void;
  mode(mode: FeedMode): void;
  /** A refusal that retrying cannot mend (no access, plan gone): the feed stops. */
  refused(code: string, message: string): void;
}

type ServerMessage =
  | ({ type: 'snapshot' } & LiveSnapshot)
  | { type: 'fixes'; plan_id: number; fixes: LiveFix[] }
  | { type: 'receiver'; device_id: number; online: boolean }
  | { type: 'error'; error: { code: string; message: string } };

const RETRYABLE = new Set(['token_expired', 'subscribe_timeout', 'internal_error']);

/**
 * The live map's feed of one plan: a WebSocket that sends the access token in its subscribe message
 * (browsers cannot set its headers), then gets the snapshot and every round of fixes. When the socket
 * cannot be had (a proxy without WebSocket, a restart) the feed polls the snapshot endpoint and keeps
 * trying the socket with back-off. Returns the stop function.
 */
export function openLiveFeed(planId: number, on: FeedHandlers): () => void {
  let stopped = false;
  let socket: WebSocket | null = null;
  let pollTimer: ReturnType<typeof setInterval> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let retryMs = 1000;

  const poll = async () => {
    try {
      on.snapshot(await getLiveSnapshot(planId));
    } catch {
      // The next tick tries again; the page shows the last state meanwhile.
    }
  };
  const startPolling = () => {
    if (pollTimer || stopped) return;
    on.mode('polling');
    void poll();
    pollTimer = setInterval(() => void poll(), POLL_MS);
  };
  const stopPolling = () => {
    clearInterval(pollTimer);
    pollTimer = undefined;
  };
  const retry = () => {
    if (stopped) return;
    startPolling();
    retryTimer = setTimeout(() => void connect(), retryMs);
    retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
  };

  async function connect(refresh = false): Promise<void> {
    const token = refresh || !currentAccessToken() ? await refreshAccessToken() : currentAccessToken();
    if (stopped) return;
    if (!token) return on.refused('unauthorized', 'Session ended');
    const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${LIVE_PATH}`);
    socket = ws;
    let refusedWith: string | null = null;
    ws.onopen = () => ws.send(JSON.stringify({ type: 'subscribe', token, plan_id: planId }));
    ws.onmessage = (e) => {
      const m = JSON.parse(String(e.data)) as ServerMessage;
      if (m.type === 'snapshot') {
        retryMs = 1000;
        stopPolling();
        on.mode('live');
        on.snapshot(m);
      } else if (m.type === 'fixes') on.fixes(m.fixes);
      else if (m.type === 'receiver') on.receiver(m.device_id, m.online);
      else if (m.type === 'error') {
        refusedWith = m.error.code;
        if (!RETRYABLE.has(m.error.code)) on.refused(m.error.code, m.error.message);
      }
    };
    ws.onclose = () => {
      if (socket === ws) socket = null;
      if (stopped || (refusedWith && !RETRYABLE.has(refusedWith))) return;
      if (refusedWith === 'token_expired') void connect(true);
      else retry();
    };
  }

  on.mode('connecting');
  void connect();
  return () => {
    stopped = true;
    stopPolling();
    clearTimeout(retryTimer);
    socket?.close();
  };
}
