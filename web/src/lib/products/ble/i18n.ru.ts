import type { bleEn } from './i18n.en.ts';

/** Russian strings of the BLE Tracking section. */
export const bleRu: Record<keyof typeof bleEn, string> = {
  'ble.title': 'BLE-трекинг',
  'ble.about': 'Метки на планах помещений: люди и активы по зонам, карта в реальном времени и история перемещений.',
};
