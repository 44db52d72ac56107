import { randomFor } from '../random.ts';
import { configValue, type Generated, type ProductTruth, type SimEvent, type SimProduct, type SiteContext, type SiteTraffic } from './product.ts';

/**
 * Temperature sensors wired to a scanner: a room sensor following a daily cycle (coolest before dawn,
 * warmest mid-afternoon, UTC) and a cold-room sensor holding near 4 °C with compressor swings; both
 * with measurement noise. Readings come once a minute on the minute; the device config's `interval_ms`
 * paces the batches.
 */
export interface TemperatureEvent extends SimEvent {
  sensor: string;
  celsius: number;
  humidity?: number;
}

/** Which sensor produced a reading. */
export interface SensorSource {
  sensor: string;
}

export const TEMPERATURE_MODEL = {
  room: { meanC: 21, amplitudeC: 3, warmestHourUtc: 15, noiseC: 0.3, humidity: 45, humidityAmplitude: 8 },
  coldRoom: { meanC: 4, amplitudeC: 0.8, periodMin: 40, noiseC: 0.2 },
  readingEveryMs: 60_000,
  defaultIntervalMs: 60_000,
};

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** 0.1 °C resolution, like the sensors' own output. */
const tenth = (x: number) => Math.round(x * 10) / 10;

class TemperatureSite implements SiteTraffic<TemperatureEvent, SensorSource> {
  private readonly offsetC: number;

  constructor(private readonly ctx: SiteContext) {
    // Each site's room runs a little warmer or cooler than the next.
    this.offsetC = randomFor(ctx.seed, 'temperature', ctx.deviceIndex, 'site').between(-1.5, 1.5);
  }

  window(fromMs: number, toMs: number): Array<Generated<TemperatureEvent, SensorSource>> {
    const every = TEMPERATURE_MODEL.readingEveryMs;
    const out: Array<Generated<TemperatureEvent, SensorSource>> = [];
    for (let ts = Math.ceil(fromMs / every) * every; ts < toMs; ts += every) {
      // Each reading has its own random stream: the same instant always reads the same.
      const rng = randomFor(this.ctx.seed, 'temperature', this.ctx.deviceIndex, ts);
      const m = TEMPERATURE_MODEL;
      const dayPhase = (2 * Math.PI * ((ts % DAY_MS) - m.room.warmestHourUtc * HOUR_MS)) / DAY_MS;
      const room = m.room.meanC + this.offsetC + m.room.amplitudeC * Math.cos(dayPhase) + rng.normal(0, m.room.noiseC);
      const humidity = m.room.humidity - m.room.humidityAmplitude * Math.cos(dayPhase) + rng.normal(0, 1);
      const cold = m.coldRoom.meanC + m.coldRoom.amplitudeC * Math.sin((2 * Math.PI * ts) / (m.coldRoom.periodMin * 60_000)) + rng.normal(0, m.coldRoom.noiseC);
      out.push({ event: { sensor: 't1', celsius: tenth(room), humidity: tenth(humidity), ts }, source: { sensor: 't1' } });
      out.push({ event: { sensor: 'cold', celsius: tenth(cold), ts }, source: { sensor: 'cold' } });
    }
    return out;
  }
}

interface HourTruth {
  readings: number;
  sum: number;
  min: number;
  max: number;
}

/** Per device and sensor, per UTC hour: what was really sent (count, sum, min, max of °C). */
class TemperatureTruth implements ProductTruth<TemperatureEvent, SensorSource> {
  private readonly sensors = new Map<string, { device: string; sensor: string; hours: Map<string, HourTruth> }>();

  add(deviceMac: string, { event }: Generated<TemperatureEvent, SensorSource>): void {
    const key = `${deviceMac}/${event.sensor}`;
    let entry = this.sensors.get(key);
    if (!entry) {
      entry = { device: deviceMac, sensor: event.sensor, hours: new Map() };
      this.sensors.set(key, entry);
    }
    const hour = `${new Date(Math.floor(event.ts / HOUR_MS) * HOUR_MS).toISOString().slice(0, 13)}:00`;
    const h = entry.hours.get(hour);
    if (!h) entry.hours.set(hour, { readings: 1, sum: event.celsius, min: event.celsius, max: event.celsius });
    else {
      h.readings++;
      h.sum += event.celsius;
      h.min = Math.min(h.min, event.celsius);
      h.max = Math.max(h.max, event.celsius);
    }
  }

  toJSON() {
    return {
      sensors: [...this.sensors.values()]
        .map((s) => ({
          device: s.device,
          sensor: s.sensor,
          hours: [...s.hours].map(([hour, h]) => ({ hour, readings: h.readings, avg_celsius: h.sum / h.readings, min_celsius: h.min, max_celsius: h.max })),
        }))
        .sort((a, b) => `${a.device}/${a.sensor}`.localeCompare(`${b.device}/${b.sensor}`)),
    };
  }
}

export const temperature: SimProduct<TemperatureEvent, SensorSource> = {
  name: 'temperature',
  enableConfig: { temperature: { enabled: true } },
  enabled: (config) => configValue(config, 'temperature', 'enabled', 'boolean') ?? false,
  batchIntervalMs: (config) => configValue(config, 'temperature', 'interval_ms', 'number') ?? TEMPERATURE_MODEL.defaultIntervalMs,
  createSite: (ctx) => new TemperatureSite(ctx),
  createTruth: () => new TemperatureTruth(),
};
