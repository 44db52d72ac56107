import { locale, t } from '$lib/i18n/index.svelte.ts';
import type { Sensor } from '../api.ts';

/** °C with one decimal in the reader's locale (`21.5 °C`, `21,5 °C`). */
export const celsius = (n: number): string =>
  `${new Intl.NumberFormat(locale(), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(n)} °C`;

/** The receiver as people quote it ("Receiver #5", per locale), from the API's English label. */
export function receiverLabel(s: Pick<Sensor, 'receiver'>): string {
  const n = /#(\d+)$/.exec(s.receiver)?.[1];
  return n ? t('device.label', { n }) : s.receiver;
}
