// The three languages say the same things: every key in each, nothing empty, the same {n}
// placeholders, and no English left in the Kazakh or Russian headings the tests look for.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FIGURES, LANGUAGES, STRINGS, nameIn, t } from '../i18n.js';

test('every string in Kazakh, Russian and English, with the same placeholders', () => {
  const keys = Object.keys(STRINGS.en).sort();
  const holes = (s) => (s.match(/\{\d\}/g) || []).sort().join();
  for (const lang of LANGUAGES) {
    assert.deepEqual(Object.keys(STRINGS[lang]).sort(), keys, lang);
    for (const k of keys) {
      assert.ok(STRINGS[lang][k].trim(), `${lang}.${k} is empty`);
      assert.equal(holes(STRINGS[lang][k]), holes(STRINGS.en[k]), `${lang}.${k} placeholders`);
    }
  }
  for (const f of FIGURES) assert.ok(STRINGS.en[f], `figure ${f} has a label`);
  for (const k of ['versions', 'signatures', 'results', 'seats', 'turnoutByHour', 'station', 'refusedTitle', 'keptCounted',
    'why_owning', 'why_quorum', 'shareOfValid', 'turnoutOfList', 'legend', 'listExplained', 'reasonAsWritten']) {
    assert.match(STRINGS.kk[k], /[ӘәҒғҚқҢңӨөҰұҮүҺһІі]|[А-Яа-я]/, `kk.${k} is Cyrillic`);
    assert.match(STRINGS.ru[k], /[А-Яа-яЁё]/, `ru.${k} is Cyrillic`);
    assert.notEqual(STRINGS.kk[k], STRINGS.ru[k], `kk.${k} differs from ru`);
  }
});

test('t fills placeholders and falls back to English; nameIn falls back to English, then Russian', () => {
  assert.equal(t('ru', 'counted', 3, 8), 'Учтено участков: 3 из 8');
  assert.equal(t('en', 'station', 17), 'Polling station No. 17');
  assert.equal(t('kk', 'no-such-key'), 'no-such-key');
  assert.equal(nameIn('kk', { kk: 'Алматы', ru: 'Алматы', en: 'Almaty' }), 'Алматы');
  assert.equal(nameIn('kk', { en: 'Almaty' }), 'Almaty');
  assert.equal(nameIn('en', { ru: 'Алматы', en: '' }), 'Алматы');
  assert.equal(nameIn('en', undefined), '');
});
