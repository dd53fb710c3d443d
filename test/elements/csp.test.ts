import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../support/async.js';
import { MockApi } from '../support/mock.js';
import { bubbleTexts, framePage, panelReady } from '../support/widget.js';

describe('a page with a strict Content-Security-Policy and Trusted Types', () => {
  it('opens, renders an answer with markdown and citations, and violates nothing', async () => {
    const mock = new MockApi();
    const { win, chat: el } = await framePage('csp.html', mock);
    el.show();
    await panelReady(el);
    await el.send('How do I **install** it? [docs](https://docs.example/a)');
    await waitUntil(() => bubbleTexts(el).length === 3, 'the answer');
    expect(bubbleTexts(el)[2]).to.contain('You asked: How do I install it?');
    expect(win.violations).to.deep.equal([]);
    for (const key of Object.keys(localStorage)) if (key.includes(mock.ns)) localStorage.removeItem(key);
  });
});

describe('a page whose Trusted Types do not allow the lit-html policy', () => {
  it('is told, in one [OpenCX] error, what to add', async () => {
    const frame = await fixture<HTMLIFrameElement>(
      html`<iframe title="csp-no-lit" src="/test/fixtures/csp-no-lit.html"></iframe>`,
    );
    type PageWindow = Window & { loaded?: Promise<string>; errors?: string[]; trustedTypes?: unknown };
    const win = () => frame.contentWindow as PageWindow;
    await waitUntil(() => Boolean(win()?.loaded), 'the page loaded');
    const outcome = await win().loaded!;
    if (!win().trustedTypes) {
      // An engine without Trusted Types enforces nothing here: the widget simply loads.
      expect(outcome).to.equal('loaded');
      return;
    }
    expect(outcome, 'Lit cannot load without its policy').to.match(/^failed/);
    await waitUntil(() => win().errors!.some((e) => e.startsWith('[OpenCX]')), 'the widget says why');
    const ours = win().errors!.filter((e) => e.startsWith('[OpenCX]'));
    expect(ours).to.have.length(1);
    expect(ours[0]).to.contain('add lit-html to trusted-types');
  });
});
