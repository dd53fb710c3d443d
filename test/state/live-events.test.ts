import { expect } from '@open-wc/testing';
// @ts-expect-error -- served by the live server plugin at run time
import liveOrigin from '/__opencx/live-origin.js';
import { ApiCaller, createChat, createConfig, createWebPlatform, type Chat } from '../../src/index.js';
import { waitUntil } from '../support/async.js';

// A person's replies reach the visitor through the conversation's live events, against the real
// server (test/support/live-server.mjs), whose agent Ana replies through the agent API. Polling
// is set to once in ten minutes here: what arrives, arrives live.

const origin = liveOrigin as string;

async function escalatedChat(): Promise<{ chat: Chat; streams: string[]; open: () => boolean }> {
  const config = createConfig({ widgetId: 'live', apiUrl: origin, settings: { persistSession: false } });
  const streams: string[] = [];
  const calls: string[] = [];
  const api = new ApiCaller({
    config,
    fetch: (input, init) => {
      calls.push(String(input));
      if (String(input).includes('/events')) streams.push(String(input));
      return fetch(input, init);
    },
  });
  // Open once the store read the history, which it does when the server has accepted the stream.
  const open = () => {
    const at = calls.findIndex((url) => url.includes('/events'));
    return at >= 0 && calls.slice(at).some((url) => url.includes('/messages'));
  };
  const chat = createChat({
    api,
    config,
    platform: createWebPlatform({ logger: { enabled: false } }),
    pollIntervalMs: 600_000,
  });
  await chat.ready;
  await chat.sendMessage({ content: 'How do I install the widget?' });
  await chat.escalate({ email: 'visitor@example.com', message: 'Please help' });
  return { chat, streams, open };
}

async function agentReply(conversationId: string, content: string): Promise<void> {
  const reply = await fetch(`${origin}/__agent-reply`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain' },
    body: JSON.stringify({ conversationId, content }),
  });
  expect(reply.status).to.equal(201);
}

describe('live events against the real server', () => {
  it('an agent’s reply arrives as it is written, with the agent’s name, the status and the line about it', async () => {
    const { chat, streams, open } = await escalatedChat();
    try {
      // Typing is not kept: only a stream open when it is sent hears it.
      await waitUntil(open, 'the conversation’s events are open');
      const id = chat.getState().session!.id;
      const typing = await fetch(`${origin}/__agent-typing`, {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain' },
        body: JSON.stringify({ conversationId: id }),
      });
      expect(typing.status).to.equal(204);
      await waitUntil(() => chat.getState().typing?.name === 'Ana', 'Ana is typing', 5000);
      await agentReply(id, 'Hi, Ana here. Let me look.');
      await waitUntil(() => chat.getState().messages.some((m) => m.role === 'agent'), 'the reply arrived', 5000);
      expect(chat.getState().typing, 'her reply ends her typing').to.equal(null);
      const messages = chat.getState().messages;
      expect(messages.find((m) => m.role === 'agent')).to.include({ content: 'Hi, Ana here. Let me look.' });
      expect(messages.find((m) => m.role === 'agent')!.author).to.deep.equal({ name: 'Ana' });
      expect(messages.some((m) => m.role === 'system' && m.content === 'Ana joined the conversation.')).to.equal(true);
      await waitUntil(() => chat.getState().session?.status === 'agent', 'the status followed');
      expect(streams, 'one stream, no reconnects').to.have.length(1);

      // The visitor writes to Ana: no bot answer, and a second reply arrives the same way, once.
      const answer = await chat.sendMessage({ content: 'Thanks!' });
      expect(answer).to.equal(undefined);
      await agentReply(id, 'You are welcome.');
      await waitUntil(
        () => chat.getState().messages.filter((m) => m.role === 'agent').length === 2,
        'the second reply',
      );
      const ids = chat.getState().messages.map((m) => m.id);
      expect(new Set(ids).size, 'nothing shown twice').to.equal(ids.length);
    } finally {
      chat.destroy();
    }
  });
});
