import t from 'tap';
import { assemble } from '../../web/src/lib/i18n/assemble.ts';
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

t.test('a key defined by two dictionary parts is refused, naming both parts, instead of the later one silently winning', async (t) => {
  // en.ts, ru.ts and products/messages.ts assemble their parts this way; importing them above proved theirs disjoint.
  t.throws(() => assemble({ accountsEn: { 'error.wrong_password': 'The current password is not correct.' }, cabinetEn: { 'error.wrong_password': 'This is not your current password.' } }), {
    message: 'i18n: "error.wrong_password" is defined in both accountsEn and cabinetEn; keep one',
  });
  t.same(assemble({ a: { 'x.one': '1' }, b: { 'x.two': '2' } }), { 'x.one': '1', 'x.two': '2' });
});

t.test('the Russian dictionary has no key the English one lacks (a misspelt or forgotten one)', async (t) => {
  t.same(Object.keys(ru).filter((k) => !(k in en)), []);
});
