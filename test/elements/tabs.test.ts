import { expect, fixture, html } from '@open-wc/testing';
// @ts-expect-error -- served by the live server plugin at run time
import liveOrigin from '/__opencx/live-origin.js';
import type { OpenCXChat } from '../../src/elements.js';
import { ApiCaller, createConfig } from '../../src/index.js';
import type { MessageType } from '../../src/state/chat-state.js';
import { parseVisitor } from '../../src/state/persistence.js';
import { waitUntil } from '../support/async.js';
import { bubbleTexts } from '../support/widget.js';

// One conversation across tabs: pages of one origin (iframes of this test page: one browser
// context, as tabs are) with the same widget, against the real server.

const origin = liveOrigin as string;
const WIDGET = 'live';
let seq = 0;

type Tab = { frame: HTMLIFrameElement; chat: () => OpenCXChat };

async function openTab(): Promise<Tab> {
  const frame = document.createElement('iframe');
  frame.title = `tab ${++seq}`;
  frame.style.cssText = 'width: 420px; height: 640px; border: 0';
  frame.src = `/test/fixtures/standalone.html?widget=${WIDGET}&api=${encodeURIComponent(origin)}`;
  const host = await fixture<HTMLDivElement>(html`<div></div>`);
  host.append(frame);
  await ready(frame);
  return { frame, chat: () => frame.contentDocument!.querySelector('opencx-chat') as OpenCXChat };
}

async function ready(frame: HTMLIFrameElement): Promise<void> {
  type PageWindow = Window & { chatDefined?: Promise<unknown> };
  await waitUntil(() => Boolean((frame.contentWindow as PageWindow | null)?.chatDefined), 'the tab loaded', 8000);
  await (frame.contentWindow as PageWindow).chatDefined;
  const chat = frame.contentDocument!.querySelector('opencx-chat') as OpenCXChat;
  chat.open = true;
  await chat.load();
  await chat.store!.ready;
}

async function script(pieces: string[], delayMs = 0): Promise<string> {
  const id = `${Date.now().toString(36)}${(seq++).toString(36)}`;
  await fetch(`${origin}/__script`, { method: 'POST', body: JSON.stringify({ id, pieces, delayMs }) });
  return `script-${id}`;
}

const messages = (tab: Tab): MessageType[] => tab.chat().store!.getState().messages;
const answers = (tab: Tab) => messages(tab).filter((m) => m.role === 'assistant' && !m.status);

/** The conversation as the server stored it, read with the visitor the tabs share. */
async function stored(sessionId: string) {
  const visitor = parseVisitor(localStorage.getItem(`opencx:${WIDGET}:visitor`))!;
  const api = new ApiCaller({ config: createConfig({ widgetId: WIDGET, apiUrl: origin }), visitor });
  return (await api.getSessionHistory(sessionId)).messages;
}

describe('one conversation across tabs', () => {
  beforeEach(() => {
    for (const key of Object.keys(localStorage)) if (key.startsWith(`opencx:${WIDGET}:`)) localStorage.removeItem(key);
  });

  it('shows a message sent in one tab, and its answer, in the other', async () => {
    const a = await openTab();
    const b = await openTab();
    const word = await script(['Install the widget ', 'from npm [1].']);
    await a.chat().store!.sendMessage({ content: `How do I install the widget? ${word}` });
    await waitUntil(() => answers(b).length === 1, 'the answer is in the other tab');
    expect(messages(b).map((m) => m.id)).to.deep.equal(messages(a).map((m) => m.id));
    await waitUntil(() => bubbleTexts(b.chat()).some((t) => t.includes('from npm')), 'and on its screen');

    // Sent from the tab that does not talk to the server: the other sends it, both show the answer,
    // and the answer is an event of the tab where it was asked.
    const heard = { a: 0, b: 0 };
    const count = (tab: 'a' | 'b') => (e: Event) =>
      (e as CustomEvent<{ role: string }>).detail.role === 'assistant' && heard[tab]++;
    a.chat().addEventListener('opencx-message', count('a'));
    b.chat().addEventListener('opencx-message', count('b'));
    const next = await script(['The colours ', 'are settings [1].']);
    const reply = await b.chat().store!.sendMessage({ content: `Can I change the colours? ${next}` });
    expect(reply?.content).to.contain('colours');
    await waitUntil(() => answers(a).length === 2, 'the second answer is in the first tab');
    expect(a.chat().store!.getState().session?.id).to.equal(b.chat().store!.getState().session?.id);
    expect(heard).to.deep.equal({ a: 0, b: 1 });
  });

  it('hands over when the tab that talks to the server closes', async () => {
    const a = await openTab();
    const b = await openTab();
    const word = await script(['Install the widget ', 'from npm [1].']);
    await a.chat().store!.sendMessage({ content: `How do I install the widget? ${word}` });
    a.frame.remove();
    const next = await script(['The colours ', 'are settings [1].']);
    const reply = await b.chat().store!.sendMessage({ content: `Can I change the colours? ${next}` });
    expect(reply?.content).to.contain('colours');
    expect(answers(b)).to.have.length(2);
  });

  it('a message pending when its tab reloads is sent exactly once, with two tabs open', async () => {
    const a = await openTab();
    const b = await openTab();
    const word = await script(['Install the widget ', 'with npm ', 'and paste ', 'the tag [1].'], 300);
    void a
      .chat()
      .store!.sendMessage({ content: `How do I install the widget? ${word}` })
      .catch(() => {});
    await waitUntil(() => messages(b).some((m) => m.role === 'user'), 'the question is in the other tab');
    const reloaded = new Promise((resolve) => a.frame.addEventListener('load', resolve, { once: true }));
    a.frame.contentWindow!.location.reload(); // mid-answer
    await reloaded;
    await ready(a.frame);

    await waitUntil(() => answers(b).length === 1 && answers(a).length === 1, 'both tabs show the answer', 10_000);
    const session = b.chat().store!.getState().session!;
    const onServer = await stored(session.id);
    expect(
      onServer.filter((m) => m.role === 'user'),
      'the question reached the server once',
    ).to.have.length(1);
    expect(
      onServer.filter((m) => m.role === 'assistant'),
      'and was answered once',
    ).to.have.length(1);
    expect(messages(a).filter((m) => m.role === 'user')).to.have.length(1);
  });

  it('clearing the conversation in one tab clears it in the other; the open panel stays per tab', async () => {
    const a = await openTab();
    const b = await openTab();
    const word = await script(['Install the widget ', 'from npm [1].']);
    await a.chat().store!.sendMessage({ content: `How do I install the widget? ${word}` });
    await waitUntil(() => answers(b).length === 1, 'the answer is in the other tab');
    b.chat().open = false;
    await b.chat().store!.clearSession();
    await waitUntil(() => messages(a).length === 0, 'cleared in the first tab');
    expect(a.chat().store!.getState().session).to.equal(null);
    expect(a.chat().open, 'closing the panel in one tab does not close it in the other').to.equal(true);

    // The next conversation is shared again.
    const next = await script(['The colours ', 'are settings [1].']);
    await a.chat().store!.sendMessage({ content: `Can I change the colours? ${next}` });
    await waitUntil(() => answers(b).length === 1, 'the new answer is in the other tab');
  });
});
