import { expect, fixture, html } from '@open-wc/testing';
import type { OpenCXChat } from '../../src/elements.js';
import { waitUntil } from '../support/async.js';
import { MockApi } from '../support/mock.js';
import { bubbleTexts, panelReady } from '../support/widget.js';

type FrameWindow = Window & { chatDefined?: Promise<unknown>; violations: string[] };

describe('a page with a strict Content-Security-Policy and Trusted Types', () => {
  it('opens, renders an answer with markdown and citations, and violates nothing', async () => {
    const mock = new MockApi();
    const frame = await fixture<HTMLIFrameElement>(
      html`<iframe
        title="strict page"
        style="width: 800px; height: 700px; border: 0"
        src=${`/test/fixtures/csp.html?widget=w-${mock.ns}&api=${encodeURIComponent(mock.apiUrl)}`}
      ></iframe>`,
    );
    const win = () => frame.contentWindow as FrameWindow;
    await waitUntil(() => Boolean(win()?.chatDefined), 'the page loaded');
    await win().chatDefined;
    const el = frame.contentDocument!.querySelector('opencx-chat') as OpenCXChat;
    el.show();
    await panelReady(el);
    await el.send('How do I **install** it? [docs](https://docs.example/a)');
    await waitUntil(() => bubbleTexts(el).length === 3, 'the answer');
    expect(bubbleTexts(el)[2]).to.contain('You asked: How do I install it?');
    expect(win().violations).to.deep.equal([]);
    for (const key of Object.keys(localStorage)) if (key.includes(mock.ns)) localStorage.removeItem(key);
  });
});
