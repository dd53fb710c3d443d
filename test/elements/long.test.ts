import { expect } from '@open-wc/testing';
import type { OpenCXChat } from '../../src/elements.js';
import { ApiCaller, createConfig } from '../../src/index.js';
import type { Visitor } from '../../src/state/api.js';
import { storageKeys } from '../../src/state/persistence.js';
import { waitUntil } from '../support/async.js';
import { MockApi } from '../support/mock.js';
import { sendKeys } from '@web/test-runner-commands';
import {
  bubbleTexts,
  chatFixture,
  messagesOf,
  panelOf,
  panelReady,
  panelRoot,
  settled,
  textareaOf,
} from '../support/widget.js';

// A long conversation, as a returning visitor's page restores it: the newest messages rendered,
// earlier ones as the visitor goes up to them (docs/elements.md, "Long conversations").

const text = (i: number) => (i % 2 === 0 ? `Question ${i}` : `Answer ${i}: see **the guide**.`);

/** A chat restoring a stored conversation of `count` messages (a real one of the mock API). */
async function longChat(mock: MockApi, count: number, attributes: Record<string, string> = {}): Promise<OpenCXChat> {
  const config = createConfig({ widgetId: `w-${mock.ns}`, apiUrl: mock.apiUrl });
  let visitor: Visitor | undefined;
  const api = new ApiCaller({ config, onVisitor: (made) => (visitor = made) });
  const { conversationId } = await api.createSession();
  const keys = storageKeys(config.widgetId);
  const start = Date.parse('2026-01-01T09:00:00Z');
  const messages = Array.from({ length: count }, (_, i) => ({
    id: `m${i}`,
    role: i % 2 === 0 ? 'user' : 'assistant',
    content: text(i),
    createdAt: new Date(start + i * 60_000).toISOString(),
    ...(i % 2 === 0 && { status: 'sent' }),
  }));
  localStorage.setItem(keys.visitor, JSON.stringify(visitor));
  localStorage.setItem(keys.chat, JSON.stringify({ v: 1, session: { id: conversationId, status: 'bot' }, messages }));
  const el = await chatFixture(mock, { open: true, ...attributes });
  await panelReady(el);
  await el.store!.ready;
  await waitUntil(
    () =>
      bubbleTexts(el)
        .at(-1)
        ?.startsWith(`Answer ${count - 1}`) ?? false,
    'the newest message is shown',
  );
  return el;
}

const logOf = (el: OpenCXChat) => panelRoot(el).querySelector<HTMLElement>('[part="messages"]')!;
const atBottom = (log: HTMLElement) => log.scrollHeight - log.scrollTop - log.clientHeight < 2;
const earlierButton = (el: OpenCXChat) => panelRoot(el).querySelector<HTMLButtonElement>('[part="earlier-button"]');
const latestButton = (el: OpenCXChat) => panelRoot(el).querySelector<HTMLButtonElement>('[part="latest-button"]');
const articleOf = (el: OpenCXChat, i: number) =>
  messagesOf(el).find((m) =>
    m.querySelector('[part~="bubble"]')!.textContent!.trim().startsWith(text(i).split(':')[0]!),
  )!;
/** Where message `i` is, from the top of the visible part of the log (px). */
const offsetOf = (el: OpenCXChat, i: number) =>
  articleOf(el, i).getBoundingClientRect().top - logOf(el).getBoundingClientRect().top;

describe('a long conversation', () => {
  let mock: MockApi;
  beforeEach(() => {
    mock = new MockApi();
  });

  it('opens with its newest 20 messages, at the bottom, and shows earlier ones on request without moving what the visitor reads', async () => {
    const el = await longChat(mock, 300);
    expect(messagesOf(el)).to.have.length(20);
    expect(bubbleTexts(el)[0]).to.equal('Question 280');
    await waitUntil(() => atBottom(logOf(el)), 'scrolled to the newest message');
    expect(earlierButton(el)!.textContent!.trim()).to.equal('Show earlier messages');
    await settled(el);
    await expect(el).to.be.accessible();

    // The visitor reads message 290 near the top of the log, then asks for earlier ones.
    const log = logOf(el);
    log.scrollTop += offsetOf(el, 290) - 100;
    await waitUntil(() => Math.abs(offsetOf(el, 290) - 100) < 1, 'message 290 is 100 px from the top');
    earlierButton(el)!.click();
    await panelOf(el)!.updateComplete;
    expect(messagesOf(el)).to.have.length(40);
    expect(bubbleTexts(el)[0]).to.equal('Question 260');
    expect(Math.abs(offsetOf(el, 290) - 100), 'message 290 has not moved').to.be.below(2);
  });

  it('scrolling up to the top brings earlier messages, down to the first; the last one done by the button leaves focus in the conversation', async () => {
    const el = await longChat(mock, 130);
    const log = logOf(el);
    await waitUntil(() => atBottom(log), 'scrolled to the newest message');
    // 20, then 40 … 120 by scrolling up; the last 10 by the button.
    for (const shown of [40, 60, 80, 100, 120]) {
      log.scrollTop = 0;
      await waitUntil(() => messagesOf(el).length === shown, `${shown} messages shown`);
      expect(log.scrollTop, 'the messages read stay in view, not the top').to.be.above(100);
    }
    earlierButton(el)!.focus();
    earlierButton(el)!.click();
    await waitUntil(() => earlierButton(el) === null, 'every message is shown');
    // Everything is shown: the greeting opens the conversation again.
    expect(bubbleTexts(el).slice(0, 2)).to.deep.equal(['Hi! Ask me anything.', 'Question 0']);
    expect(messagesOf(el)).to.have.length(131);
    expect(panelRoot(el).activeElement).to.equal(log);
  });

  it('a message arriving while the visitor reads further up does not move the view; a button goes down to it', async () => {
    const el = await longChat(mock, 60);
    const log = logOf(el);
    await waitUntil(() => atBottom(log), 'scrolled to the newest message');
    log.scrollTop = log.scrollHeight / 2;
    await waitUntil(() => latestButton(el) !== null, 'the button to the latest message is offered');
    const reading = log.scrollTop;
    await el.send('one more question');
    await waitUntil(() => bubbleTexts(el).length === 22, 'the question and its answer arrived');
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    expect(Math.abs(log.scrollTop - reading), 'the view stayed where the visitor reads').to.be.below(2);
    await settled(el);
    await expect(el).to.be.accessible();

    latestButton(el)!.click();
    await waitUntil(() => atBottom(log) && latestButton(el) === null, 'at the newest message, the button gone');
  });

  it('the visitor’s own message, typed while reading further up, takes the view down to it', async () => {
    const el = await longChat(mock, 60);
    const log = logOf(el);
    await waitUntil(() => atBottom(log), 'scrolled to the newest message');
    log.scrollTop = 0;
    await waitUntil(() => latestButton(el) !== null, 'reading further up');
    textareaOf(el).focus();
    // One word: WebKit's driver drops some spaces of a typed text.
    await sendKeys({ type: 'Thanks!' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => bubbleTexts(el).includes('Thanks!'), 'sent');
    await waitUntil(() => atBottom(log) && latestButton(el) === null, 'at the newest message');
  });

  it('right to left, in Arabic: the buttons speak the language and every state is axe-clean', async () => {
    const el = await longChat(mock, 60, { language: 'ar' });
    // The Arabic strings are a chunk of their own, which may come after the first render.
    await waitUntil(
      () => earlierButton(el)?.textContent?.trim() === 'عرض الرسائل السابقة',
      'the earlier-messages button speaks Arabic',
    );
    const log = logOf(el);
    await waitUntil(() => atBottom(log), 'scrolled to the newest message');
    log.scrollTop = log.scrollHeight / 2;
    await waitUntil(() => latestButton(el) !== null, 'reading further up');
    expect(latestButton(el)!.textContent!.trim()).to.equal('الانتقال إلى أحدث رسالة');
    await settled(el);
    await expect(el).to.be.accessible();
  });

  it('appending a message leaves the messages on screen untouched', async () => {
    const el = await longChat(mock, 100);
    const before = messagesOf(el);
    const touched = new Set<Element>();
    const observer = new MutationObserver((records) => {
      for (const r of records) {
        const node = r.target instanceof Element ? r.target : r.target.parentElement;
        const article = node?.closest('[part~="message"]');
        if (article) touched.add(article);
      }
    });
    observer.observe(logOf(el), { subtree: true, childList: true, attributes: true, characterData: true });
    await el.send('one more question');
    await waitUntil(() => bubbleTexts(el).length === 22, 'the question and its answer arrived');
    observer.disconnect();
    const after = messagesOf(el);
    expect(after.slice(0, 20), 'the same elements').to.deep.equal(before);
    expect(
      before.filter((m) => touched.has(m)),
      'none of them changed',
    ).to.deep.equal([]);
  });
});
