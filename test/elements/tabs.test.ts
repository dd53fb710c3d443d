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

/** A tab; `broken` names what its browser lacks or refuses (see test/fixtures/standalone.html). */
async function openTab(broken = ''): Promise<Tab> {
  const frame = document.createElement('iframe');
  frame.title = `tab ${++seq}`;
  frame.style.cssText = 'width: 420px; height: 640px; border: 0';
  frame.src = `/test/fixtures/standalone.html?widget=${WIDGET}&api=${encodeURIComponent(origin)}&break=${broken}`;
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

/** The conversation as the server stored it, read with the visitor the tabs share (or this one, as kept). */
async function stored(sessionId: string, kept = localStorage.getItem(`opencx:${WIDGET}:visitor`)) {
  const visitor = parseVisitor(kept)!;
  const api = new ApiCaller({ config: createConfig({ widgetId: WIDGET, apiUrl: origin }), visitor });
  return (await api.getSessionHistory(sessionId)).messages;
}

describe('one conversation across tabs', function () {
  // Each test opens two or three fresh pages, and each page loads the widget's runtime from source,
  // unbundled: 1.3–1.8 s per page in an idle Firefox, several times that when three browsers share
  // two cores, as they do in CI. The steps themselves take milliseconds.
  this.timeout(60_000);

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

  it('an agent typing and replying shows in both tabs, though only one holds the live connection', async () => {
    const a = await openTab();
    const b = await openTab();
    const word = await script(['Install the widget ', 'from npm [1].']);
    await a.chat().store!.sendMessage({ content: `How do I install the widget? ${word}` });
    await a.chat().store!.escalate({ email: 'visitor@example.com', message: 'Please help' });
    const conversationId = a.chat().store!.getState().session!.id;
    const agent = (action: 'typing' | 'reply', content?: string) =>
      fetch(`${origin}/__agent-${action}`, {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain' },
        body: JSON.stringify({ conversationId, content }),
      });
    // Typing is not kept: signalled until the live connection (opened by the leading tab) hears it.
    let signalled = 0;
    await waitUntil(
      async () => {
        if (Date.now() - signalled > 300) {
          signalled = Date.now();
          await agent('typing');
        }
        return [a, b].every((tab) => tab.chat().store!.getState().typing?.name === 'Ana');
      },
      'both tabs show that Ana is typing',
      10_000,
    );
    await agent('reply', 'Hi, Ana here.');
    for (const tab of [a, b]) {
      await waitUntil(() => bubbleTexts(tab.chat()).includes('Hi, Ana here.'), 'her reply in each tab');
      await waitUntil(() => tab.chat().store!.getState().typing === null, 'and no longer typing');
    }
  });

  describe('when the browser lacks something, or storage fails', () => {
    it('without BroadcastChannel, storage events carry the conversation between tabs', async () => {
      const a = await openTab('channel');
      const b = await openTab('channel');
      expect(a.frame.contentWindow).not.to.have.property('BroadcastChannel');
      const word = await script(['Install the widget ', 'from npm [1].']);
      await a.chat().store!.sendMessage({ content: `How do I install the widget? ${word}` });
      await waitUntil(() => answers(b).length === 1, 'the answer is in the other tab');
      const next = await script(['The colours ', 'are settings [1].']);
      await b.chat().store!.sendMessage({ content: `Can I change the colours? ${next}` });
      await waitUntil(() => answers(a).length === 2, 'the second answer is in the first tab');
      expect(messages(a).map((m) => m.id)).to.deep.equal(messages(b).map((m) => m.id));
    });

    it('a storage that refuses every write (private mode, a full quota) loses nothing on screen', async () => {
      const a = await openTab('storage');
      const b = await openTab('storage');
      const word = await script(['Install the widget ', 'from npm [1].']);
      await a.chat().store!.sendMessage({ content: `How do I install the widget? ${word}` });
      await waitUntil(() => answers(b).length === 1, 'the answer is in the other tab');
      const next = await script(['The colours ', 'are settings [1].']);
      await b.chat().store!.sendMessage({ content: `Can I change the colours? ${next}` });
      await waitUntil(() => answers(a).length === 2, 'the second answer is in the first tab');
      for (const tab of [a, b]) {
        expect(
          bubbleTexts(tab.chat()).filter((t) => t.includes('from npm') || t.includes('are settings')),
        ).to.have.length(2);
      }
      expect(localStorage.getItem(`opencx:${WIDGET}:visitor`), 'nothing could be written').to.equal(null);
    });

    it('storage wiped mid-conversation: both tabs keep it, it goes on in the same conversation and is saved again', async () => {
      const a = await openTab();
      const b = await openTab();
      const word = await script(['Install the widget ', 'from npm [1].']);
      await a.chat().store!.sendMessage({ content: `How do I install the widget? ${word}` });
      await waitUntil(() => answers(b).length === 1, 'the answer is in the other tab');
      const session = a.chat().store!.getState().session!.id;
      localStorage.clear(); // the visitor cleared site data, or another script did
      const next = await script(['The colours ', 'are settings [1].']);
      await b.chat().store!.sendMessage({ content: `Can I change the colours? ${next}` });
      await waitUntil(() => answers(a).length === 2, 'the second answer is in the first tab');
      expect(b.chat().store!.getState().session!.id).to.equal(session);
      expect(await stored(session), 'both turns in one conversation on the server').to.have.length(4);

      const reloaded = new Promise((resolve) => a.frame.addEventListener('load', resolve, { once: true }));
      a.frame.contentWindow!.location.reload();
      await reloaded;
      await ready(a.frame);
      await waitUntil(() => answers(a).length === 2, 'a reloaded tab finds the conversation saved again');
    });

    it('without Web Locks, each tab works on its own and no message is answered twice', async () => {
      const a = await openTab('locks');
      const b = await openTab('locks');
      const word = await script(['Install the widget ', 'from npm [1].']);
      await a.chat().store!.sendMessage({ content: `How do I install the widget? ${word}` });
      // B has not needed a visitor yet: this is A's. Each tab alone makes its own.
      const visitorOfA = localStorage.getItem(`opencx:${WIDGET}:visitor`);
      const next = await script(['The colours ', 'are settings [1].']);
      await b.chat().store!.sendMessage({ content: `Can I change the colours? ${next}` });
      expect(answers(a)).to.have.length(1);
      expect(answers(b)).to.have.length(1);
      const session = a.chat().store!.getState().session!.id;
      const onServer = await stored(session, visitorOfA);
      expect(
        onServer.map((m) => m.role),
        'A’s question, stored and answered once',
      ).to.deep.equal(['user', 'assistant']);
    });
  });
});
