import type { ExportSlice } from './export-jobs.ts';

const HOUR_MS = 3_600_000;

/**
 * Cuts the period [from, to) into time slices of about `rowsPerSlice` rows, from the rows per UTC hour an
 * aggregate told (sorted by hour): planning an export costs one small query whatever its size, and each
 * slice is one bounded round trip. Hours without rows make no slice.
 */
export function slicesByHour(
  hourly: ReadonlyArray<{ hour_ms: number; n: number }>,
  period: { from: Date; to: Date },
  rowsPerSlice: number,
  fetch: (from: Date, to: Date) => Promise<string>,
): ExportSlice[] {
  const slices: ExportSlice[] = [];
  let start = period.from.getTime();
  let weight = 0;
  const cut = (end: number) => {
    const [from, to] = [new Date(start), new Date(end)];
    if (weight > 0) slices.push({ weight, fetch: () => fetch(from, to) });
    start = end;
    weight = 0;
  };
  for (const h of hourly) {
    weight += h.n;
    if (weight >= rowsPerSlice) cut(Math.min(h.hour_ms + HOUR_MS, period.to.getTime()));
  }
  cut(period.to.getTime());
  return slices;
}
