import mqtt, { type MqttClient } from 'mqtt';
import type { Test } from 'tap';
import { selectRows } from '../../core/clickhouse.ts';
import type { Point } from '../../core/products/ble-geometry.ts';
import { OFFICE_FLOOR, OFFICE_TAGS } from '../../device-sim/ble-site/office.ts';
import { setUpBleSite } from '../../device-sim/ble-site/setup.ts';
import { SiteWorld, type TagScript } from '../../device-sim/ble-site/world.ts';
import { heardEvents } from '../../device-sim/products/ble.ts';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';

/** A positioning run: the office site set up on a real platform, its receivers connected over MQTT. */
export interface PositioningSite {
  p: TestPlatform;
  organizationId: number;
  planId: number;
  /** Zone id by room name (the office's rooms and corridor). */
  zoneIds: Map<string, number>;
  /** Tag id by minor. */
  tagIds: Map<number, number>;
  receivers: Array<{ deviceId: number; client: MqttClient; mac: string }>;
}

const OWNER = { email: 'owner@office.test', password: 'office-owner-2026' };

/**
 * Starts a platform, an organization with BLE Tracking, one device per receiver spot of the office
 * floor (connected over MQTT), and the site set up through the client API as a newcomer would.
 */
export async function startOfficeSite(t: Test, env: Record<string, string> = {}): Promise<PositioningSite> {
  // Simulated time runs ~100× faster than real time: the per-device rate limit would refuse that.
  // Rounds 1 ms after readings arrive; a round fixes an instant once every receiver has sent its readings
  // up to it, whatever flushes a step's batches were stored in. A step's batches come within
  // milliseconds of each other: a receiver that heard nothing in a step is waited for 1.5 s, not 3.
  const p = await startTestPlatform(t, { MQTT_MAX_MESSAGES_PER_SECOND: '100000', INGEST_FLUSH_INTERVAL_MS: '2', BLE_ROUND_MS: '1', BLE_RECEIVER_WAIT_MS: '1500', ...env });
  const admin = await p.adminToken();
  const org = (await p.api('POST', '/superadmin/organizations', { token: admin, body: { name: 'Office', status: 'active', products: ['ble'], owner: OWNER } })).body;
  const receivers: PositioningSite['receivers'] = [];
  for (let k = 0; k < OFFICE_FLOOR.receivers.length; k++) {
    const mac = `0e:00:00:00:0d:${k.toString(16).padStart(2, '0')}`;
    const created = (await p.api('POST', '/superadmin/devices', { token: admin, body: { mac, organization_id: org.id } })).body;
    const client = await mqtt.connectAsync(p.platform.endpoints.MQTT!, { clientId: mac, username: mac, password: created.token, protocolVersion: 4, reconnectPeriod: 0 });
    t.teardown(() => client.endAsync(true));
    receivers.push({ deviceId: created.device.id, client, mac });
  }
  const site = await setUpBleSite({ url: p.url, ...OWNER, floor: OFFICE_FLOOR, tags: OFFICE_TAGS, receiverIds: receivers.map((r) => r.deviceId), location: 'Office' });
  const owner = await p.login(OWNER.email, OWNER.password);
  const zones = (await p.api('GET', `/client/ble/plans/${site.planId}/zones`, { token: owner })).body.zones as Array<{ id: number; name: string }>;
  const tags = (await p.api('GET', '/client/ble/tags', { token: owner })).body.tags as Array<{ id: number; minor: number }>;
  return {
    p,
    organizationId: org.id,
    planId: site.planId,
    zoneIds: new Map(zones.map((z) => [z.name, z.id])),
    tagIds: new Map(tags.map((tag) => [tag.minor, tag.id])),
    receivers,
  };
}

/** Second-aligned, two hours ago: inside ingest's accepted window, and clear of the wall clock. */
export const siteOrigin = () => Math.floor((Date.now() - 2 * 3_600_000) / 1000) * 1000;

/**
 * Plays [fromMs, toMs) of the world through MQTT: per step (a scanner batch interval of 4 s) each
 * receiver publishes what it heard in that step as one QoS 1 batch; the next step starts once the
 * engine's live round has announced fixes up to the step's complete instant (every receiver's newest
 * reading) on the bus. Simulated time does not wait for real time: ten minutes of site time play in a
 * few seconds.
 */
export async function play(site: PositioningSite, world: SiteWorld, fromMs: number, toMs: number, opts: { stepMs?: number; off?: ReadonlySet<number> } = {}): Promise<void> {
  const step = opts.stepMs ?? 4000;
  // The engine re-reads the site every BLE_SITE_RELOAD_MS; settling reads the site just set up.
  await site.p.platform.products.settle();
  let newest = 0;
  let wake: (() => void) | undefined;
  const off = site.p.platform.bus.on('ble.fixes', (m) => {
    if (m.organizationId !== site.organizationId) return;
    for (const f of m.fixes) newest = Math.max(newest, f.ts);
    wake?.();
  });
  try {
    for (let t = fromMs; t < toMs; t += step) {
      const stepEnd = Math.min(t + step, toMs);
      let complete = stepEnd;
      await Promise.all(
        site.receivers.map(async (r, k) => {
          if (opts.off?.has(k)) return;
          const events = heardEvents(world, k, t, stepEnd).map((g) => g.event);
          if (events.length === 0) return;
          complete = Math.min(complete, Math.max(...events.map((e) => e.ts)));
          await r.client.publishAsync(`devices/${r.mac}/ble`, JSON.stringify(events), { qos: 1 });
        }),
      );
      // The engine fixes an instant once every receiver has sent its readings up to it (PUBACK: consumed);
      // a tag's newest fix is at most one fix interval (1 s) before that. A receiver that heard nothing in
      // the step is waited for BLE_RECEIVER_WAIT_MS.
      await waitFor(() => newest >= complete - 1000, (w) => (wake = w), `fixes up to ${new Date(complete).toISOString()}`);
    }
  } finally {
    off();
  }
  await site.p.platform.products.settle();
}

async function waitFor(done: () => boolean, onWake: (wake: () => void) => void, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`no ${what} within 10 s`);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 200);
      onWake(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

export interface Fix {
  tagId: number;
  ts: number;
  x: number;
  y: number;
  zoneId: number;
}

/** The stored fixes of the organization, in time order. */
export async function storedFixes(site: PositioningSite): Promise<Fix[]> {
  return selectRows(
    site.p.platform.clickhouse.ch,
    `SELECT tag_id AS tagId, toUnixTimestamp64Milli(ts) AS ts, x, y, zone_id AS zoneId FROM ble_positions
     WHERE organization_id = {org:UInt32} ORDER BY tag_id, ts`,
    { org: site.organizationId },
    { tagId: 'number', ts: 'number', x: 'number', y: 'number', zoneId: 'number' },
  );
}

export interface Visit {
  tagId: number;
  zoneId: number;
  enter: number;
  exit: number;
  closed: number;
}

/** The organization's zone visits, latest version of each. */
export async function storedVisits(site: PositioningSite): Promise<Visit[]> {
  return selectRows(
    site.p.platform.clickhouse.ch,
    `SELECT tag_id AS tagId, zone_id AS zoneId, toUnixTimestamp64Milli(enter) AS enter, toUnixTimestamp64Milli(exit) AS exit, closed
     FROM ble_zone_visits FINAL WHERE organization_id = {org:UInt32} ORDER BY tag_id, enter`,
    { org: site.organizationId },
    { tagId: 'number', zoneId: 'number', enter: 'number', exit: 'number', closed: 'number' },
  );
}

/** Per tag-second of [fromMs, toMs): the true zone and the engine's (the latest fix at or before that second). */
export function perSecond(site: PositioningSite, world: SiteWorld, fixes: readonly Fix[], script: TagScript, fromMs: number, toMs: number) {
  const tagId = site.tagIds.get(script.minor)!;
  const path = world.paths.find((p) => p.script.minor === script.minor)!;
  const own = fixes.filter((f) => f.tagId === tagId);
  const seconds: Array<{ ts: number; truth: number; engine: number | undefined }> = [];
  let i = -1;
  for (let ts = fromMs; ts < toMs; ts += 1000) {
    while (i + 1 < own.length && own[i + 1]!.ts <= ts) i++;
    const room = world.roomAt(world.position(path, ts));
    const truth = room < 0 ? 0 : site.zoneIds.get(world.floor.rooms[room]!.name)!;
    seconds.push({ ts, truth, engine: i >= 0 ? own[i]!.zoneId : undefined });
  }
  return seconds;
}

/** Distance of each fix of a tag from where the tag truly was at that moment. */
export function positionErrors(site: PositioningSite, world: SiteWorld, fixes: readonly Fix[], script: TagScript): number[] {
  const tagId = site.tagIds.get(script.minor)!;
  const path = world.paths.find((p) => p.script.minor === script.minor)!;
  return fixes.filter((f) => f.tagId === tagId).map((f) => {
    const truth: Point = world.position(path, f.ts);
    return Math.hypot(f.x - truth[0], f.y - truth[1]);
  });
}

export const quantile = (values: readonly number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};
