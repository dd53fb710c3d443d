import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { waitUntil } from '../support/async.js';
import { MockApi } from '../support/mock.js';
import { bubbleTexts, chatFixture, framePage, panelReady, panelRoot, settled, shadow } from '../support/widget.js';

/** Every element with a part, through every shadow root below `root`. */
function allParts(root: ShadowRoot): Element[] {
  return [...root.querySelectorAll('*')].flatMap((el) => [
    ...(el.part.length ? [el] : []),
    ...(el.shadowRoot ? allParts(el.shadowRoot) : []),
  ]);
}

/** Media emulation where the launcher has it (Chromium, Firefox); elsewhere the browser's own setting stands. */
async function emulate(media: Parameters<typeof emulateMedia>[0]): Promise<void> {
  try {
    await emulateMedia(media);
  } catch {
    // WebDriver cannot emulate media: the assertions follow matchMedia either way.
  }
}

describe('adapting to the visitor', () => {
  let mock: MockApi;
  beforeEach(() => {
    mock = new MockApi();
  });
  afterEach(async () => {
    await emulate({ colorScheme: 'light', reducedMotion: 'no-preference' });
    for (const key of Object.keys(localStorage)) if (key.includes(mock.ns)) localStorage.removeItem(key);
  });

  it('works at 320 CSS px wide (a small phone, or 200-400% zoom): a full-screen sheet, nothing cut off, targets of 24px or more', async () => {
    const { doc, chat: el } = await framePage('narrow.html', mock, { width: 320, height: 568 });
    el.show();
    await panelReady(el);
    await el.send('A question with a long_word_that_does_not_break_anywhere_at_all_in_any_language');
    await waitUntil(() => bubbleTexts(el).length === 3, 'the answer');
    await settled(el);

    const panel = shadow(el).querySelector('opencx-panel')!.getBoundingClientRect();
    expect([panel.left, panel.top, panel.width, panel.height]).to.deep.equal([0, 0, 320, 568]);
    const log = panelRoot(el).querySelector('[part="messages"]')!;
    expect(log.scrollWidth, 'the conversation does not scroll sideways').to.be.at.most(log.clientWidth);
    expect(doc.documentElement.scrollWidth, 'the page does not scroll sideways').to.be.at.most(320);
    const small = allParts(shadow(el))
      .filter((part) => part.localName === 'button' || part.localName === 'textarea')
      .filter((control) => control.getClientRects().length > 0)
      .map((control) => ({ part: control.getAttribute('part'), box: control.getBoundingClientRect() }))
      .filter(({ box }) => box.width < 24 || box.height < 24)
      .map(({ part, box }) => `${part} ${box.width}x${box.height}`);
    expect(small).to.deep.equal([]);
  });

  it('theme="auto" follows prefers-color-scheme, live', async () => {
    const el = await chatFixture(mock, { open: true, theme: 'auto' });
    await panelReady(el);
    const background = () => getComputedStyle(panelRoot(el).querySelector('.panel')!).backgroundColor;
    const expected = () =>
      matchMedia('(prefers-color-scheme: dark)').matches ? 'rgb(17, 24, 39)' : 'rgb(255, 255, 255)';
    await emulate({ colorScheme: 'dark' });
    expect(background()).to.equal(expected());
    await emulate({ colorScheme: 'light' });
    expect(background()).to.equal(expected());
  });

  it('does not animate when the visitor asks for reduced motion', async () => {
    await emulate({ reducedMotion: 'reduce' });
    const el = await chatFixture(mock);
    el.show();
    await panelReady(el);
    const animations = shadow(el).getAnimations().length;
    if (matchMedia('(prefers-reduced-motion: reduce)').matches) expect(animations).to.equal(0);
    else expect(animations).to.be.greaterThan(0);
  });

  it('keeps the conversation inline in a help-centre layout', async () => {
    const box = await fixture<HTMLDivElement>(html`<div style="height: 420px; width: 360px"></div>`);
    const el = document.createElement('opencx-chat');
    el.setAttribute('widget-id', `w-${mock.ns}`);
    el.setAttribute('api-url', mock.apiUrl);
    el.setAttribute('mode', 'inline');
    box.append(el);
    await panelReady(el);
    const panel = shadow(el).querySelector('opencx-panel')!.getBoundingClientRect();
    expect([Math.round(panel.width), Math.round(panel.height)]).to.deep.equal([360, 420]);
  });
});
