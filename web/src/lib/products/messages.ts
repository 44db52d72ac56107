import { bleEn } from './ble/i18n.en.ts';
import { bleRu } from './ble/i18n.ru.ts';
import { temperatureEn } from './temperature/i18n.en.ts';
import { temperatureRu } from './temperature/i18n.ru.ts';
import { wifiEn } from './wifi/i18n.en.ts';
import { wifiRu } from './wifi/i18n.ru.ts';
import { assemble } from '../i18n/assemble.ts';

/**
 * Every product's own strings, spread into the shared dictionaries (i18n/en.ts, ru.ts) so one `t()`
 * translates them all. A new product adds its two dictionaries here; its keys start with its name.
 */
export const productMessagesEn = assemble({ wifiEn, bleEn, temperatureEn });
export const productMessagesRu: Record<keyof typeof productMessagesEn, string> = assemble({ wifiRu, bleRu, temperatureRu });
