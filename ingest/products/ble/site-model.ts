import { positioningParams, type PositioningParams } from '../../../core/products/ble.ts';
import type { PlanRecord, ReceiverRecord, SiteRecords } from './site-repository.ts';
import { polygonDepth, type ZoneShape } from './zones.ts';

/** A plan with its zones, as the engine positions on it. */
export interface SitePlan extends PlanRecord {
  zones: ZoneShape[];
}

/** The site model of every organization, indexed the way each reading is looked up. */
export class SiteModel {
  private readonly plans = new Map<number, SitePlan>();
  private readonly receivers = new Map<number, ReceiverRecord>();
  private readonly tags = new Map<string, number>();
  private readonly params = new Map<number, PositioningParams>();

  constructor(
    records: SiteRecords,
    private readonly defaults: Partial<PositioningParams>,
  ) {
    for (const p of records.plans) this.plans.set(p.id, { ...p, zones: [] });
    for (const z of records.zones) this.plans.get(z.planId)?.zones.push({ id: z.id, polygon: z.polygon, depthM: polygonDepth(z.polygon) });
    for (const r of records.receivers) if (this.plans.has(r.planId)) this.receivers.set(r.deviceId, r);
    for (const t of records.tags) this.tags.set(tagKey(t.organizationId, t.uuid, t.major, t.minor), t.id);
    for (const [org, overrides] of records.params) this.params.set(org, positioningParams(defaults, overrides));
  }

  /** The receiver of this organization placed on a plan, or undefined (not placed, or bound elsewhere). */
  receiver(organizationId: number, deviceId: number): ReceiverRecord | undefined {
    const r = this.receivers.get(deviceId);
    return r?.organizationId === organizationId ? r : undefined;
  }

  /** The organization's registered tag with this iBeacon identity, or undefined. */
  tagId(organizationId: number, uuid: string, major: number, minor: number): number | undefined {
    return this.tags.get(tagKey(organizationId, uuid, major, minor));
  }

  plan(planId: number): SitePlan | undefined {
    return this.plans.get(planId);
  }

  paramsOf(organizationId: number): PositioningParams {
    let p = this.params.get(organizationId);
    if (!p) {
      p = positioningParams(this.defaults, {});
      this.params.set(organizationId, p);
    }
    return p;
  }
}

const tagKey = (organizationId: number, uuid: string, major: number, minor: number) => `${organizationId}:${uuid}:${major}:${minor}`;
