import { readFile, readdir, statfs } from 'node:fs/promises';
import os from 'node:os';

/** Monotonic host counters read at one instant; two readings give rates. */
export interface HostCounters {
  at: number;
  cpu: { busy: number; total: number };
  network: { rxBytes: number; txBytes: number };
  diskIo: { readBytes: number; writeBytes: number };
}

/**
 * `GET /api/v1/monitoring/host`, the prototype's planned shape (spec 000). Units: cpu.usage and every
 * `percent` in %, memory and disk usage in MB, network and disk io in bytes since boot.
 */
export interface HostSnapshot {
  cpu: { usage: number; cores: number };
  memory: { total: number; used: number; percent: number };
  network: { rx_bytes: number; tx_bytes: number };
  load: { '1m': number; '5m': number; '15m': number };
  disk: {
    io: { read_bytes: number; write_bytes: number };
    usage: { total: number; used: number; percent: number };
  };
  timestamp: string;
}

const MB = 1024 * 1024;
// /proc/diskstats counts 512-byte sectors whatever the device's own sector size.
const SECTOR = 512;
const round1 = (n: number) => Math.round(n * 10) / 10;

/** `cpu` line of /proc/stat: user nice system idle iowait irq softirq steal…; idle + iowait is not busy. */
export function parseProcStat(text: string): HostCounters['cpu'] {
  const fields = (text.split('\n', 1)[0] ?? '').trim().split(/\s+/).slice(1, 9).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  return { busy: total - (fields[3] ?? 0) - (fields[4] ?? 0), total };
}

/** Bytes received and sent by every interface but loopback (traffic with itself is not the host's network). */
export function parseNetDev(text: string): HostCounters['network'] {
  let rxBytes = 0;
  let txBytes = 0;
  for (const line of text.split('\n').slice(2)) {
    const [name, rest] = line.split(':');
    if (!rest || name!.trim() === 'lo') continue;
    const f = rest.trim().split(/\s+/).map(Number);
    rxBytes += f[0] ?? 0;
    txBytes += f[8] ?? 0;
  }
  return { rxBytes, txBytes };
}

/** Sectors read/written by whole block devices (`disks`); partitions would count the same bytes twice. */
export function parseDiskStats(text: string, disks: ReadonlySet<string>): HostCounters['diskIo'] {
  let readBytes = 0;
  let writeBytes = 0;
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10 || !disks.has(f[2]!)) continue;
    readBytes += Number(f[5]) * SECTOR;
    writeBytes += Number(f[9]) * SECTOR;
  }
  return { readBytes, writeBytes };
}

const readOr = (file: string) => readFile(file, 'utf8').catch(() => '');

/** Whole disks: /sys/block lists them (not partitions); loop, RAM and optical devices are not storage, and
 * device-mapper (LVM, LUKS) and md RAID devices sit on disks already counted. */
async function wholeDisks(): Promise<Set<string>> {
  const names = await readdir('/sys/block').catch(() => [] as string[]);
  return new Set(names.filter((n) => !/^(loop|ram|zram|dm-|md|sr)/.test(n)));
}

/** Reads the monotonic counters (Linux /proc; zeros elsewhere). */
export async function readHostCounters(): Promise<HostCounters> {
  const [stat, net, diskstats, disks] = await Promise.all([readOr('/proc/stat'), readOr('/proc/net/dev'), readOr('/proc/diskstats'), wholeDisks()]);
  return { at: Date.now(), cpu: parseProcStat(stat), network: parseNetDev(net), diskIo: parseDiskStats(diskstats, disks) };
}

/** Memory in use as Linux reports it: total minus MemAvailable (page cache that can be dropped is not "used"). */
async function memoryUsed(): Promise<number> {
  const available = /^MemAvailable:\s+(\d+) kB/m.exec(await readOr('/proc/meminfo'));
  return os.totalmem() - (available ? Number(available[1]) * 1024 : os.freemem());
}

/** The filesystem holding `dir`: what the platform's data can still grow into. */
export async function diskUsage(dir: string): Promise<HostSnapshot['disk']['usage']> {
  const fs = await statfs(dir);
  const total = fs.blocks * fs.bsize;
  const used = (fs.blocks - fs.bfree) * fs.bsize;
  // Like df: the percentage is of what non-root users can use (reserved blocks excluded).
  const usable = used + fs.bavail * fs.bsize;
  return { total: Math.round(total / MB), used: Math.round(used / MB), percent: usable > 0 ? round1((used / usable) * 100) : 0 };
}

/** The snapshot at `now`, CPU usage averaged since `previous` (a reading a few seconds older). */
export async function hostSnapshot(previous: HostCounters, now: HostCounters, dataDir: string): Promise<HostSnapshot> {
  const busy = now.cpu.busy - previous.cpu.busy;
  const total = now.cpu.total - previous.cpu.total;
  const memTotal = os.totalmem();
  const memUsed = await memoryUsed();
  const [l1, l5, l15] = os.loadavg();
  return {
    cpu: { usage: total > 0 ? round1((busy / total) * 100) : 0, cores: os.availableParallelism() },
    memory: { total: Math.round(memTotal / MB), used: Math.round(memUsed / MB), percent: round1((memUsed / memTotal) * 100) },
    network: { rx_bytes: now.network.rxBytes, tx_bytes: now.network.txBytes },
    load: { '1m': round1(l1 ?? 0), '5m': round1(l5 ?? 0), '15m': round1(l15 ?? 0) },
    disk: {
      io: { read_bytes: now.diskIo.readBytes, write_bytes: now.diskIo.writeBytes },
      usage: await diskUsage(dataDir),
    },
    timestamp: new Date(now.at).toISOString(),
  };
}
