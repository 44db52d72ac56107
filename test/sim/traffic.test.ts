import t from 'tap';
import { deepMerge, defaultDeviceConfig } from '../../core/device-config.ts';
import { MAX_BACKLOG_EVENTS, SimDevice, simDeviceMac } from '../../device-sim/device.ts';
import { DEMO_FLOOR, DEMO_SCRIPTS } from '../../device-sim/ble-site/floor.ts';
import { RADIO, SiteWorld, type TagPath } from '../../device-sim/ble-site/world.ts';
import { ble, type BleEvent } from '../../device-sim/products/ble.ts';
import { SIM_PRODUCTS } from '../../device-sim/products/index.ts';
import type { Generated } from '../../device-sim/products/product.ts';
import { VENDOR_OUIS, wifi, type Visit, type WifiEvent } from '../../device-sim/products/wifi.ts';
import { GroundTruth } from '../../device-sim/truth.ts';

const DAY = 86_400_000;
const START = Date.UTC(2026, 10, 2); // a Monday, 00:00 UTC
const site = (seed: number, deviceIndex = 0) => ({ seed, deviceIndex, deviceMac: simDeviceMac(seed, deviceIndex) });
const events = (items: Array<Generated>) => items.map((i) => i.event);
// Compared as JSON text: a structural diff of thousands of differing events would take minutes to render.
const text = (items: Array<Generated>) => JSON.stringify(events(items));

t.test('the same seed gives the same traffic; another seed different traffic', async (t) => {
  for (const product of SIM_PRODUCTS) {
    // The shortest window from 10:00 UTC (inside simulated opening hours) with some of the product's traffic:
    // a minute of BLE, an hour of temperature readings, hours of WiFi visits.
    const from = START + 10 * 3_600_000;
    const span = [60_000, 3_600_000, 4 * 3_600_000].find((s) => product.createSite(site(42)).window(from, from + s).length > 10) ?? 4 * 3_600_000;
    const window = [from, from + span] as const;
    const a = product.createSite(site(42)).window(...window);
    t.ok(a.length > 10, `${product.name}: traffic in the window`);
    t.equal(text(a), text(product.createSite(site(42)).window(...window)), `${product.name}: same seed, same events`);
    t.not(text(a), text(product.createSite(site(43)).window(...window)), `${product.name}: another seed, other events`);
  }
  t.equal(simDeviceMac(42, 3), simDeviceMac(42, 3));
  t.not(simDeviceMac(42, 3), simDeviceMac(42, 4));
  t.match(simDeviceMac(42, 3), /^[0-9a-f][26ae](:[0-9a-f]{2}){5}$/, 'device MACs are locally administered');
});

t.test('a window gives the same events however the time is sliced', async (t) => {
  for (const product of SIM_PRODUCTS) {
    const from = START + 12 * 3_600_000;
    const whole = product.createSite(site(7)).window(from, from + 3_600_000);
    const slicedSite = product.createSite(site(7));
    const sliced = [];
    for (let s = from; s < from + 3_600_000; s += 2_500) sliced.push(...slicedSite.window(s, s + 2_500));
    t.equal(text(sliced), text(whole), product.name);
    t.ok(whole.every((g, i) => i === 0 || g.event.ts >= whole[i - 1]!.event.ts), `${product.name}: in time order`);
  }
});

t.test('WiFi: visitors stay, passers-by are brief and weak, randomized and vendor MACs mix, regulars come back', async (t) => {
  const traffic = wifi.createSite(site(42));
  const week = traffic.window(START, START + 7 * DAY);
  const visits = new Map<string, Visit>();
  for (const { source } of week) visits.set(source.id, source);
  const all = [...visits.values()];
  const visitors = all.filter((v) => v.kind === 'visitor');
  const passers = all.filter((v) => v.kind === 'passerby');
  t.ok(visitors.length > 400 && passers.length > 1000, `a week of traffic (${visitors.length} visits, ${passers.length} passers-by)`);
  t.ok(visitors.every((v) => v.end - v.start >= 5 * 60_000 && v.end - v.start <= 4 * 3_600_000), 'visitors stay 5 min – 4 h');
  t.ok(visitors.some((v) => v.end - v.start > 3_600_000), 'some stay over an hour');
  t.ok(passers.every((v) => v.end - v.start < 3 * 60_000), 'passers-by stay under 3 min');
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const rssiOf = (kind: string) => week.filter((g) => g.source.kind === kind).map((g) => g.event.rssi);
  t.ok(mean(rssiOf('passerby')) < -80 && mean(rssiOf('visitor')) > -70, 'passers-by are weak, visitors strong');

  const randomized = all.filter((v) => v.randomized);
  t.ok(randomized.length > all.length / 3 && randomized.length < all.length, 'a mix of randomized and vendor MACs');
  t.ok(randomized.every((v) => (parseInt(v.mac.slice(0, 2), 16) & 0x03) === 0x02), 'randomized = locally administered, unicast');
  const ouis = new Set(VENDOR_OUIS.map((o) => o.oui.map((b) => b.toString(16).padStart(2, '0')).join(':')));
  t.ok(all.filter((v) => !v.randomized).every((v) => ouis.has(v.mac.slice(0, 8)) && v.vendor), 'vendor MACs carry a real OUI');

  const daysByMac = new Map<string, Set<number>>();
  for (const v of visitors) daysByMac.set(v.mac, (daysByMac.get(v.mac) ?? new Set()).add(Math.floor(v.start / DAY)));
  const repeaters = [...daysByMac.values()].filter((days) => days.size > 1).length;
  t.ok(repeaters >= 20, `regulars return on later days (${repeaters} MACs on more than one day)`);
  t.ok(week.every((g) => g.event.ts >= g.source.start && g.event.ts < g.source.end), 'probes fall inside their visit');
  const arrivals = all.map((v) => new Date(v.start).getUTCHours());
  t.ok(arrivals.every((h) => h >= 8 && h < 22), 'people arrive during opening hours');
});

t.test('BLE: every scanner of the demo floor hears the walking tags with path loss, wall loss, σ 4 dB noise, dips and dropouts', async (t) => {
  const traffic = ble.createSite(site(42));
  const hour = traffic.window(START, START + 3_600_000) as Array<Generated<BleEvent, TagPath>>;
  const heardAnywhere = new Set(
    DEMO_FLOOR.receivers.flatMap((_, k) => ble.createSite(site(42, k)).window(START, START + 600_000).map((g) => (g.event as BleEvent).minor)),
  );
  t.equal(heardAnywhere.size, DEMO_SCRIPTS.length, 'every demo tag is heard by some receiver');
  t.match(hour[0]!.event, { type: 'ibeacon', uuid: /^[0-9a-f]{32}$/, tx_power: RADIO.txPower });
  // Receiver 0 stands in the storeroom: tags out in the hall behind walls are heard, but weaker and not always.
  t.ok(hour.length < DEMO_SCRIPTS.length * 3600 * (1 - RADIO.dropoutShare) * 1.01, 'dropouts thin the advertisements out');
  const world = new SiteWorld(DEMO_FLOOR, DEMO_SCRIPTS, 0, 42);
  const residuals = hour.map((g) => g.event.rssi - world.meanRssi(0, world.position(g.source, g.event.ts)));
  const near = residuals.filter((_, i) => world.meanRssi(0, world.position(hour[i]!.source, hour[i]!.event.ts)) > -80);
  const mean = near.reduce((a, b) => a + b, 0) / near.length;
  const sd = Math.sqrt(near.reduce((a, b) => a + (b - mean) ** 2, 0) / near.length);
  t.ok(Math.abs(mean + RADIO.dipShare * RADIO.dipDb) < 0.4, `mean residual ≈ −0.6 dB from dips (${mean.toFixed(2)})`);
  t.ok(sd > 3.7 && sd < 5, `noise σ ≈ 4 dB plus dips (${sd.toFixed(2)})`);
  t.equal(world.wallsBetween([5, 7], [14, 7]), 1, 'storeroom → office crosses one wall');
  t.ok(world.meanRssi(1, [9.5, 7]) < world.meanRssi(0, [9.5, 7]), 'just inside the storeroom, its own receiver is louder than the nearer office one');
});

t.test('the ground truth counts exactly what was recorded as sent', async (t) => {
  const truth = new GroundTruth({ seed: 42 }, SIM_PRODUCTS);
  const macs = [simDeviceMac(42, 0), simDeviceMac(42, 1)];
  const generated = macs.map((mac, i) => ({
    mac,
    wifi: wifi.createSite(site(42, i)).window(START, START + DAY) as Array<Generated<WifiEvent, Visit>>,
    ble: ble.createSite(site(42, i)).window(START, START + 120_000),
  }));
  for (const g of generated) {
    truth.recordSent(g.mac, 'wifi', g.wifi);
    truth.recordSent(g.mac, 'ble', g.ble);
  }
  const json = JSON.parse(JSON.stringify(truth));
  t.same(
    json.devices,
    generated.map((g) => ({ mac: g.mac, events: { wifi: g.wifi.length, ble: g.ble.length } })).sort((a, b) => a.mac.localeCompare(b.mac)),
  );
  t.equal(json.totals.wifi, generated[0]!.wifi.length + generated[1]!.wifi.length);

  const visitEvents = json.wifi.by_mac.flatMap((c: { visits: Array<{ events: number }> }) => c.visits.map((v) => v.events));
  t.equal(visitEvents.reduce((a: number, b: number) => a + b, 0), json.totals.wifi, 'every WiFi event belongs to one visit');
  const ids = new Set(generated.flatMap((g) => g.wifi.map((w) => w.source.id)));
  t.equal(json.wifi.visits, ids.size, 'one truth visit per generated visit');
  const sample = generated[0]!.wifi[0]!;
  const client = json.wifi.by_mac.find((c: { mac: string }) => c.mac === sample.event.mac);
  t.equal(client.randomized, sample.source.randomized);
  t.equal(client.visits[0].first_seen, new Date(sample.event.ts).toISOString());
  t.ok(client.visits.every((v: { start: string; end: string; first_seen: string; last_seen: string }) => v.start <= v.first_seen && v.last_seen < v.end));
  const bleTotal = json.ble.by_minor.reduce((n: number, tag: { events_by_device: Record<string, number> }) => n + Object.values(tag.events_by_device).reduce((a, b) => a + b, 0), 0);
  t.equal(bleTotal, json.totals.ble);
});

t.test('a simulated device follows its config: products on/off, batch interval, end of time', async (t) => {
  const t0 = START + 12 * 3_600_000;
  const device = new SimDevice(0, simDeviceMac(1, 0), 1, SIM_PRODUCTS, t0, t0 + 61_000);
  const step = (until: number) => device.dueBatches(until, 100);
  t.same(step(t0 + 2_499), [], 'nothing before the first interval ends');
  const first = step(t0 + 2_500);
  t.same(first.map((b) => [b.product, b.fromMs - t0, b.toMs - t0]), [['ble', 0, 2500]], 'BLE every 2.5 s; WiFi monitoring off by default');
  t.same(step(t0 + 2_500), [], 'nothing new until time passes');

  device.applyConfig(2, deepMerge(defaultDeviceConfig(), { wifi: { monitor_enabled: true }, ble: { batch_interval_ms: 5000 } }));
  t.same(device.enabledProducts().sort(), ['ble', 'wifi']);
  const second = step(t0 + 7_500);
  t.same(second.map((b) => [b.product, b.fromMs - t0, b.toMs - t0]), [['ble', 2500, 7500]], 'the new interval applies');
  const wifiBatches = [];
  for (let until = t0 + 12_500; until <= t0 + 42_500; until += 5_000) wifiBatches.push(...step(until).filter((b) => b.product === 'wifi'));
  t.ok(wifiBatches.length > 0, 'WiFi batches once switched on');
  t.ok(wifiBatches.every((b) => b.toMs - b.fromMs === 10_000), 'WiFi every 10 s by default');

  device.applyConfig(3, deepMerge(defaultDeviceConfig(), { ble: { enabled: false } }));
  const rest = step(t0 + 120_000);
  t.notOk(rest.some((b) => b.product === 'ble'), 'BLE off: its time passes unscanned');
  t.ok(device.finished(), 'everything produced up to the end');
  t.ok(Math.max(...rest.map((b) => b.toMs)) <= t0 + 61_000, 'the last interval is cut at the end');
});

t.test('a device catching up sends its backlog in larger batches, at most as many as asked for', async (t) => {
  const t0 = START + 12 * 3_600_000;
  const device = new SimDevice(0, simDeviceMac(1, 0), 1, SIM_PRODUCTS, t0, t0 + 3_600_000);
  device.applyConfig(2, deepMerge(defaultDeviceConfig(), { wifi: { monitor_enabled: true } }));
  const reference = new SimDevice(0, simDeviceMac(1, 0), 1, SIM_PRODUCTS, t0, t0 + 3_600_000);
  reference.applyConfig(2, device.config);

  const backlog = device.dueBatches(t0 + 3_600_000, 4);
  t.equal(backlog.length, 4);
  t.ok(backlog.every((b) => b.items.length <= MAX_BACKLOG_EVENTS));
  t.ok(backlog.some((b) => b.items.length > 100), 'intervals merged');
  t.same(new Set(backlog.map((b) => b.product)), new Set(['ble', 'wifi']), 'both products make progress');
  const all = [...backlog];
  while (!device.finished()) all.push(...device.dueBatches(t0 + 3_600_000, 4));
  const live = [];
  for (let until = t0; !reference.finished(); until += 2_500) live.push(...reference.dueBatches(until, 100));
  const events = (bs: typeof all, product: string) => JSON.stringify(bs.filter((b) => b.product === product).flatMap((b) => b.items.map((i) => i.event)));
  t.equal(events(all, 'ble'), events(live, 'ble'), 'the same BLE events as sent live');
  t.equal(events(all, 'wifi'), events(live, 'wifi'), 'the same WiFi events as sent live');
});
