import t from 'tap';
import { en } from '../../web/src/lib/i18n/en.ts';
import { ru } from '../../web/src/lib/i18n/ru.ts';

// The type system already makes ru.ts list every key; these catch what types cannot.
const params = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const keys = Object.keys(en) as (keyof typeof en)[];

t.test('every Russian string has the same {placeholders} as the English one', async (t) => {
  const mismatched = keys.filter((k) => params(en[k]).join() !== params(ru[k]).join());
  t.same(mismatched, []);
});

t.test('no Russian string was left in English by mistake', async (t) => {
  // Names, codes and the language names themselves read the same in both.
  // Names and formats that read the same in both languages (SSH is SSH; "{what} ({why})" is punctuation).
  const SAME_IN_BOTH = new Set([
    'app.name', 'locale.en', 'locale.ru', 'login.email', 'common.email', 'common.none', 'devices.col.mac', 'devices.filter.mac',
    'remote.terminalTitle', 'remote.endedBecause', 'remote.kind.terminal',
  ]);
  const untranslated = keys.filter((k) => !SAME_IN_BOTH.has(k) && en[k] === ru[k]);
  t.same(untranslated, []);
});

t.test('the dictionaries hold no empty strings', async (t) => {
  t.same(keys.filter((k) => !en[k].trim() || !ru[k].trim()), []);
});
