import { expect, fixture, html } from '@open-wc/testing';
import type { OpenCXComposer } from '../../src/elements/composer/composer.js';
import '../../src/elements/composer/composer.js';
import { countText, PLURAL_CATEGORIES } from '../../src/i18n/count.js';
import type { CountKey, Translation } from '../../src/i18n/en.js';
import { LANGUAGES } from '../../src/i18n/languages.js';
import { launcherEn } from '../../src/i18n/launcher.js';
import { en, launcherStrings, loadTranslation } from '../../src/i18n/translate.js';
import { ConfigurationError, createConfig } from '../../src/index.js';
import { waitUntil } from '../support/async.js';
import { MockApi } from '../support/mock.js';
import { chatFixture, composerOf, panelReady, shadow, triggerButtonOf } from '../support/widget.js';

const COUNT_KEYS: CountKey[] = ['charactersLeft', 'unread'];
const MAX = 4000;

/** The composer's counter once `left` characters are left of the 4,000 a message may have. */
async function counterAt(composer: OpenCXComposer, left: number): Promise<string> {
  const textarea = shadow(composer).querySelector('textarea')!;
  textarea.value = 'x'.repeat(MAX - left);
  textarea.dispatchEvent(new InputEvent('input'));
  await composer.updateComplete;
  const counter = shadow(composer).querySelector<HTMLElement>('[part="counter"]')!;
  expect(counter.hidden, `the counter at ${left}`).to.be.false;
  return counter.textContent!;
}

function categoriesUpTo(max: number, rules: Intl.PluralRules): Set<string> {
  const categories = new Set<string>();
  for (let count = 0; count <= max; count++) categories.add(rules.select(count));
  return categories;
}

async function composerIn(strings: Translation, language: string): Promise<OpenCXComposer> {
  return fixture<OpenCXComposer>(html`<opencx-composer .strings=${strings} .language=${language}></opencx-composer>`);
}

describe('texts with a count', () => {
  it('every language has a form for each plural category its counts fall in, and names no other', async () => {
    for (const language of LANGUAGES) {
      const strings = await loadTranslation(language);
      const rules = new Intl.PluralRules(language);
      for (const key of COUNT_KEYS) {
        const text = strings[key];
        if (typeof text === 'string') throw new Error(`${language}.${key} has no plural forms: "${text}"`);
        expect(text.other, `${language}.${key}.other`).to.be.a('string');
        expect(PLURAL_CATEGORIES, `${language}.${key}`).to.include.members(Object.keys(text));
        // The categories of every count the counter can show: none may fall back to `other` unnoticed.
        expect(Object.keys(text), `${language}.${key}`).to.include.members([...categoriesUpTo(MAX, rules)]);
      }
    }
  });

  it('the composer counts in English: 1 character, other counts characters', async () => {
    const composer = await composerIn(en, 'en');

    expect(await counterAt(composer, 1)).to.equal('1 character left');
    expect(await counterAt(composer, 2)).to.equal('2 characters left');
    expect(await counterAt(composer, 0)).to.equal('0 characters left');
    expect(await counterAt(composer, 200)).to.equal('200 characters left');
  });

  it('the composer counts in Arabic with its six plural forms', async () => {
    const composer = await composerIn(await loadTranslation('ar'), 'ar');

    expect(await counterAt(composer, 0)).to.equal('لم يتبقَّ أي حرف');
    expect(await counterAt(composer, 1)).to.equal('تبقّى حرف واحد');
    expect(await counterAt(composer, 2)).to.equal('تبقّى حرفان');
    expect(await counterAt(composer, 5)).to.equal('تبقّى 5 أحرف');
    expect(await counterAt(composer, 11)).to.equal('تبقّى 11 حرفًا');
    expect(await counterAt(composer, 100)).to.equal('تبقّى 100 حرف');
  });

  it('a category a text leaves out takes its `other` form', () => {
    const text = { one: '{count} Zeichen übrig', other: 'noch {count} Zeichen' };

    expect(countText(text, 1, 'de')).to.equal('1 Zeichen übrig');
    expect(countText(text, 7, 'de')).to.equal('noch 7 Zeichen');
    expect(countText(text, 2, 'ar')).to.equal('noch 2 Zeichen');
    expect(countText('{count} / {count}', 3, 'en')).to.equal('3 / 3');
  });

  it('the launcher says the unread count in the plural form of the language', async () => {
    const ar = launcherStrings(await loadTranslation('ar'), 'ar');
    const he = launcherStrings(await loadTranslation('he'), 'he');

    expect([1, 2, 3, 11, 100].map((n) => ar.unread(n))).to.deep.equal([
      'رسالة واحدة غير مقروءة',
      'رسالتان غير مقروءتين',
      '3 رسائل غير مقروءة',
      '11 رسالة غير مقروءة',
      '100 رسالة غير مقروءة',
    ]);
    expect([1, 2, 5].map((n) => he.unread(n))).to.deep.equal([
      'הודעה אחת שלא נקראה',
      'שתי הודעות שלא נקראו',
      '5 הודעות שלא נקראו',
    ]);
  });

  it('the launcher’s built-in English says what the English translation says', () => {
    const english = launcherStrings(en, 'en');
    for (const count of [0, 1, 2, 21, 101]) expect(launcherEn.unread(count)).to.equal(english.unread(count));
    expect([launcherEn.openChat, launcherEn.closeChat]).to.deep.equal([english.openChat, english.closeChat]);
  });

  it('the strings option takes a plain string or one form per category for a count, and refuses anything else', () => {
    const config = createConfig({
      widgetId: 'w',
      strings: { charactersLeft: '{count} left', unread: { one: 'one new', other: '{count} new' } },
    });
    expect(config.strings).to.deep.equal({
      charactersLeft: '{count} left',
      unread: { one: 'one new', other: '{count} new' },
    });

    for (const strings of [{ unread: { one: 'no other' } }, { unread: { one: 'x', other: 'y', single: 'z' } }]) {
      expect(() => createConfig({ widgetId: 'w', strings } as never)).to.throw(
        ConfigurationError,
        '"strings.unread" must be a string, or an object with a string per plural category',
      );
    }
    // Only the texts of counts have forms.
    expect(() => createConfig({ widgetId: 'w', strings: { send: { other: 'Go' } } } as never)).to.throw(
      ConfigurationError,
      '"strings.send"',
    );
  });

  describe('in <opencx-chat>', () => {
    let mock: MockApi;
    beforeEach(() => {
      mock = new MockApi();
    });
    afterEach(() => {
      for (const key of Object.keys(localStorage)) if (key.includes(mock.ns)) localStorage.removeItem(key);
    });

    it('a plain string in the strings option is used for every count', async () => {
      const el = await chatFixture(mock, { open: true });
      el.config = { strings: { charactersLeft: '{count} left', unread: '{count} new' } };
      await panelReady(el);
      const composer = composerOf(el);
      await waitUntil(() => composer.strings?.charactersLeft === '{count} left', 'the override is applied');

      expect(await counterAt(composer, 1)).to.equal('1 left');
      expect(await counterAt(composer, 150)).to.equal('150 left');

      el.hide();
      await el.send('while closed');
      await el.updateComplete;
      await waitUntil(() => triggerButtonOf(el).getAttribute('aria-label') === 'Open chat (1 new)', 'the unread label');
    });

    it('the counter follows the chat’s language', async () => {
      const el = await chatFixture(mock, { open: true, language: 'he' });
      await panelReady(el);
      const composer = composerOf(el);
      await waitUntil(() => composer.language === 'he' && composer.strings !== en, 'Hebrew strings loaded');

      expect(await counterAt(composer, 1)).to.equal('נותר תו אחד');
      expect(await counterAt(composer, 2)).to.equal('נותרו שני תווים');
      expect(await counterAt(composer, 3)).to.equal('נותרו 3 תווים');
    });
  });
});
