import { listMyDevices } from '$lib/api/client.ts';

/** The most devices whose "events today" the dashboard adds up itself (the API's largest page). */
const SUM_LIMIT = 500;

export interface DashboardSummary {
  online: number;
  offline: number;
  /** null when the organization has more devices than one page: the API has no organization-wide total yet. */
  eventsToday: number | null;
}

/** Device counts from two one-row pages (the totals are what matters), events from the first full page. */
export async function loadDashboardSummary(): Promise<DashboardSummary> {
  const [online, offline, all] = await Promise.all([
    listMyDevices({ online: true, page_size: 1 }),
    listMyDevices({ online: false, page_size: 1 }),
    listMyDevices({ page_size: SUM_LIMIT }),
  ]);
  const eventsToday = all.total <= SUM_LIMIT ? all.items.reduce((sum, d) => sum + d.events_in_period, 0) : null;
  return { online: online.total, offline: offline.total, eventsToday };
}
