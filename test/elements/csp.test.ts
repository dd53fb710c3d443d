import { expect } from '@open-wc/testing';
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
