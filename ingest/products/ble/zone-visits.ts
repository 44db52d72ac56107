/** Where a tag's fixes belong: the plan (and its location) and the organization. */
export interface VisitPlace {
  organizationId: number;
  locationId: number;
  planId: number;
}

/** A tag's stay in one zone of one plan (zone 0: outside every zone). */
interface OpenVisit extends VisitPlace {
  zoneId: number;
  enter: number;
  exit: number;
  /** When the row was last (re)written: an open visit is refreshed every `refreshMs` of its extent. */
  writtenExit: number;
}

// ReplacingMergeTree keeps the row with the highest version per key: versions must grow per visit even
// when two rewrites fall in the same millisecond, and across restarts (wall clock based).
let lastVersion = 0;
const nextVersion = () => (lastVersion = Math.max(Date.now(), lastVersion + 1));

/**
 * One tag's zone visits, maintained like WiFi visits: a row when the visit opens, the same key rewritten
 * with a newer version as it extends (every `refreshMs`, not every fix: thousands of tags) and once
 * more when it closes. A zone change closes the visit at the fix that switched and opens the next at the
 * same instant, so a tag's visits tile its time without gaps.
 */
export class ZoneVisits {
  private open: OpenVisit | undefined;

  constructor(
    private readonly tagId: number,
    private readonly refreshMs: number,
  ) {}

  /** A fix at `ts` placed the tag in `zoneId` on `place`; returns the rows to write (TabSeparated lines). */
  fix(place: VisitPlace, zoneId: number, ts: number): string[] {
    const v = this.open;
    if (v && v.planId === place.planId && v.zoneId === zoneId) {
      v.exit = Math.max(v.exit, ts);
      if (v.exit - v.writtenExit < this.refreshMs) return [];
      v.writtenExit = v.exit;
      return [this.row(v, 0)];
    }
    const rows = v ? this.close(ts) : [];
    this.open = { ...place, zoneId, enter: ts, exit: ts, writtenExit: ts };
    rows.push(this.row(this.open, 0));
    return rows;
  }

  /** Ends the open visit at `exit` (its last fix after a timeout, the switching fix on a change). */
  close(exit: number): string[] {
    const v = this.open;
    if (!v) return [];
    this.open = undefined;
    v.exit = Math.max(v.enter, exit);
    return [this.row(v, 1)];
  }

  /** The open visit's last fix, or undefined when no visit is open. */
  get lastFixTs(): number | undefined {
    return this.open?.exit;
  }

  private row(v: OpenVisit, closed: 0 | 1): string {
    return `${v.organizationId}\t${v.locationId}\t${v.planId}\t${this.tagId}\t${v.zoneId}\t${v.enter}\t${v.exit}\t${closed}\t${nextVersion()}\n`;
  }
}
