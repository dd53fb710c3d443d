import { expect, fixture, html } from '@open-wc/testing';
// @ts-expect-error -- served by the live server plugin at run time
import liveOrigin from '/__opencx/live-origin.js';
import type { OpenCXChat, OpenCXMessageEvent } from '../../src/elements.js';
import type { MessageType } from '../../src/state/chat-state.js';
import { waitUntil } from '../support/async.js';
import {
  composerOf,
  deepActiveElement,
  messagesOf,
  panelReady,
  panelRoot,
  shadow,
  textareaOf,
} from '../support/widget.js';

// Streamed answers against the real server (test/support/live-server.mjs), with a model behind it
// that writes its answer in timed pieces. What the widget shows while an answer is written, when
// the visitor stops it, and when the connection drops halfway.

const origin = liveOrigin as string;
let seq = 0;

/** Scripts the model's next answer to a question containing the returned word. */
async function script(pieces: string[], options: { delayMs?: number; cutAfterDeltas?: number } = {}): Promise<string> {
  const id = `${Date.now().toString(36)}${(seq++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const response = await fetch(`${origin}/__script`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain' },
    body: JSON.stringify({ id, pieces, ...options }),
  });
  expect(response.status).to.equal(204);
  return `script-${id}`;
}

async function liveChat(): Promise<OpenCXChat> {
  // Each chat its own storage: a conversation never leaks from one test into the next.
  const el = await fixture<OpenCXChat>(
    html`<opencx-chat widget-id="live" api-url=${origin} persist-session="false"></opencx-chat>`,
  );
  await el.load();
  el.open = true;
  await panelReady(el);
  return el;
}

const lastAnswer = (el: OpenCXChat): MessageType | undefined =>
  el
    .store!.getState()
    .messages.filter((m) => m.role === 'assistant')
    .at(-1);
const answerElement = (el: OpenCXChat) => messagesOf(el).at(-1)!;
const stopButton = (el: OpenCXChat) => shadow(composerOf(el)).querySelector<HTMLButtonElement>('[part="stop-button"]');

function words(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `word${i} `);
}

describe('streamed answers against the real server', () => {
  it('shows the first words before the model has finished, then the finished answer with its sources', async () => {
    const el = await liveChat();
    const finished: OpenCXMessageEvent[] = [];
    el.addEventListener('opencx-message', (e) => {
      const event = e as OpenCXMessageEvent;
      if (event.detail.role === 'assistant') finished.push(event);
    });
    const word = await script(['Install the widget ', 'with npm ', 'and paste ', 'the tag ', 'in your page [1].'], {
      delayMs: 250,
    });
    void el.store!.sendMessage({ content: `How do I install the widget? ${word}` });

    await waitUntil(() => lastAnswer(el)?.status === 'streaming', 'the answer is being written', 8000);
    const early = lastAnswer(el)!;
    expect(early.content).to.match(/^Install the widget/);
    expect(early.content).not.to.contain('in your page');
    await waitUntil(() => /Install the widget/.test(answerElement(el).textContent ?? ''), 'words on screen');
    const article = answerElement(el);
    expect(article.getAttribute('aria-busy')).to.equal('true');
    expect(stopButton(el), 'a stop button while it is written').to.exist;
    // No typing dots next to an answer that shows itself.
    expect(panelRoot(el).querySelector('[part="typing"]')).to.equal(null);
    expect(finished, 'no message event before it is finished').to.have.length(0);

    await waitUntil(
      () => lastAnswer(el)?.status === undefined && Boolean(lastAnswer(el)?.citations?.length),
      'finished',
      8000,
    );
    const answer = lastAnswer(el)!;
    expect(answer.content).to.contain('in your page');
    expect(answer.id).not.to.contain(':answer');
    await waitUntil(() => Boolean(answerElement(el).querySelector('[part="citations"]')), 'sources shown');
    expect(answerElement(el).hasAttribute('aria-busy')).to.equal(false);
    await waitUntil(() => finished.length === 1, 'one message event');
    expect(finished[0]!.detail.messageId).to.equal(answer.id);
    // Announced once, finished: not piece by piece.
    const announcement = panelRoot(el).querySelector('[aria-live="polite"]')!.textContent!;
    expect(announcement).to.contain('in your page');
    expect(el.store!.getState().messages.filter((m) => m.role === 'assistant')).to.have.length(1);
  });

  it('stops an answer halfway: what was written stays, marked stopped, and the conversation goes on', async () => {
    const el = await liveChat();
    const word = await script(['Install the widget ', ...words(30), '[1].'], { delayMs: 150 });
    void el.store!.sendMessage({ content: `How do I install the widget? ${word}` });
    await waitUntil(() => (lastAnswer(el)?.content.length ?? 0) > 30, 'some words written', 8000);
    await waitUntil(() => Boolean(stopButton(el)), 'the stop button');
    await expect(el, 'while an answer is written').to.be.accessible();
    expect(stopButton(el)!.getAttribute('aria-label')).to.equal('Stop answering');
    stopButton(el)!.click();

    await waitUntil(() => lastAnswer(el)?.status === 'stopped', 'stopped');
    const kept = lastAnswer(el)!.content;
    expect(kept).to.match(/^Install the widget/);
    await waitUntil(() => /Stopped\./.test(answerElement(el).textContent ?? ''), 'shown as stopped');
    await waitUntil(() => !stopButton(el), 'the stop button goes');
    await waitUntil(() => deepActiveElement() === textareaOf(el), 'focus is back where the visitor types');
    await expect(el, 'once stopped').to.be.accessible();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(lastAnswer(el)!.content, 'nothing is added after the stop').to.equal(kept);
    const question = el.store!.getState().messages.find((m) => m.role === 'user')!;
    expect(question.status).to.equal('sent');
    const session = el.store!.getState().session;
    expect(session?.id, 'the conversation is known although the answer never finished').to.be.a('string');

    const next = await script(['The colours ', 'are settings [1].']);
    const reply = await el.store!.sendMessage({ content: `Can I change the colours? ${next}` });
    expect(reply?.content).to.contain('colours');
    expect(el.store!.getState().session?.id, 'the same conversation').to.equal(session!.id);
  });

  it('keeps the words of a cut stream, then shows the one stored answer when the retry gets through', async () => {
    const el = await liveChat();
    const word = await script(['Install the widget ', 'with npm ', 'and paste ', 'the tag [1].'], {
      delayMs: 150,
      cutAfterDeltas: 2,
    });
    const answered = el.store!.sendMessage({ content: `How do I install the widget? ${word}` });
    await waitUntil(() => lastAnswer(el)?.status === 'interrupted', 'the cut is shown', 8000);
    expect(lastAnswer(el)!.content, 'the partial text stays').to.match(/^Install the widget/);
    await waitUntil(() => /Connection lost/.test(answerElement(el).textContent ?? ''), 'said in words');

    const answer = await answered;
    expect(answer?.content).to.contain('the tag');
    const answers = el.store!.getState().messages.filter((m) => m.role === 'assistant');
    expect(answers, 'one answer, not the partial one and a second').to.have.length(1);
    expect(answers[0]!.status).to.equal(undefined);
    expect(el.store!.getState().messages.find((m) => m.role === 'user')!.status).to.equal('sent');
  });
});
