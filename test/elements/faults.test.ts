import { expect, fixture, html } from '@open-wc/testing';
// @ts-expect-error -- served by the live server plugin at run time
import liveOrigin from '/__opencx/live-origin.js';
import type { OpenCXChat } from '../../src/elements.js';
import { waitUntil } from '../support/async.js';
import { bubbleTexts, panelReady } from '../support/widget.js';

// Faults between a visitor's browser and the real server (test/support/live-server.mjs and its
// proxy, test/support/proxy-faults.mjs): the server down, a rate limit, a connection dropped
// before the request arrives or after the server answered, a slow server, a stream cut halfway,
// and some in a row. After each, the visitor sees their question once and one answer, and the
// server stored exactly that: nothing lost, nothing doubled. `npm test` prints how many it tried.

const origin = liveOrigin as string;

const CASES: { name: string; faults?: string[]; cutAfterDeltas?: number }[] = [
  { name: 'the server is down once (503)', faults: ['unavailable'] },
  { name: 'the server is down three times in a row', faults: ['unavailable', 'unavailable', 'unavailable'] },
  { name: 'too many requests, wait a second (429, Retry-After)', faults: ['rate-limited'] },
  { name: 'the connection drops before the request arrives', faults: ['drop-request'] },
  { name: 'the server answers, and the answer is lost on the way back', faults: ['drop-response'] },
  {
    name: 'the answer is lost twice, then the server is down once',
    faults: ['drop-response', 'drop-response', 'unavailable'],
  },
  { name: 'a slow server: nothing for three seconds', faults: ['slow'] },
  { name: 'the stream is cut after its first words', cutAfterDeltas: 1 },
  { name: 'a rate limit, then the stream is cut', faults: ['rate-limited'], cutAfterDeltas: 1 },
];

let seq = 0;

async function scripted(fault: (typeof CASES)[number]): Promise<string> {
  const id = `f${Date.now().toString(36)}${(seq++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const response = await fetch(`${origin}/__script`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain' },
    body: JSON.stringify({ id, pieces: ['Install it ', 'from npm ', '[1].'], ...fault }),
  });
  expect(response.status).to.equal(204);
  return `script-${id}`;
}

interface Stored {
  messages: { role: string; content: string }[];
}

describe(`each of ${CASES.length} fault cases between the browser and the real server: nothing lost, nothing doubled`, () => {
  for (const fault of CASES) {
    it(fault.name, async () => {
      const chat = await fixture<OpenCXChat>(
        html`<opencx-chat widget-id="live" api-url=${origin} persist-session="false"></opencx-chat>`,
      );
      await chat.load();
      chat.open = true;
      await panelReady(chat);
      const question = `How do I install the widget? ${await scripted(fault)}`;
      const answer = await chat.store!.sendMessage({ content: question });
      expect(answer?.content).to.contain('from npm');

      const { messages, session } = chat.store!.getState();
      expect(messages.map((m) => `${m.role} ${m.status ?? ''}`)).to.deep.equal(['user sent', 'assistant ']);
      await waitUntil(() => bubbleTexts(chat).length === 2, 'both on screen');
      expect(bubbleTexts(chat)[0]).to.equal(question);

      const stored = (await (await fetch(`${origin}/__conversation?id=${session!.id}`)).json()) as Stored;
      expect(
        stored.messages.map((m) => m.role),
        'the server stored the question once, and one answer',
      ).to.deep.equal(['user', 'assistant']);
      expect(stored.messages[1]!.content).to.equal(answer!.content);
    });
  }
});
