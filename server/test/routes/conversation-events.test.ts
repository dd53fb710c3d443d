// A conversation's live events over real HTTP: what the visitor's stream hears, in order, each
// once; resuming with Last-Event-ID; who may open it; heartbeats.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hashPassword } from '../../src/agents/password.js';
import { createToken } from '../../src/db/agent-credentials.js';
import { addAgent } from '../../src/db/agents.js';
import type { Database } from '../../src/db/database.js';
import { describeApi, expectProblem, type Api } from '../support/api.js';
import { docsWidget } from '../support/fixtures.js';
import { sseBlocks } from '../support/http.js';

type Block = { id?: string; event?: string; data?: unknown; comment?: string };

async function seed(db: Database) {
  await docsWidget(db, { id: 'docs' });
  const { agent } = await addAgent(db, {
    email: 'ana@team.example',
    widgetId: 'docs',
    name: 'Ana',
    passwordHash: await hashPassword('correct horse battery'),
  });
  return agent;
}

/** The conversation's event stream, read in the background: `next(n)` returns the next n events, waiting for them. */
async function open(api: Api, conversationId: string, headers: Record<string, string>, lastEventId?: string) {
  const abort = new AbortController();
  const response = await fetch(`${api.base}/api/widget/conversations/${conversationId}/events?widgetId=docs`, {
    headers: { ...headers, ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {}) },
    signal: abort.signal,
  });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
  const blocks: Block[] = [];
  let wake = () => {};
  void (async () => {
    try {
      for await (const block of sseBlocks(response)) {
        blocks.push(block);
        wake();
      }
    } catch {
      // aborted
    }
  })();
  const events = () => blocks.filter((b) => b.event);
  let taken = 0;
  return {
    blocks,
    events,
    async next(count: number, timeoutMs = 5000) {
      const want = (taken += count);
      const deadline = Date.now() + timeoutMs;
      while (events().length < want) {
        if (Date.now() > deadline) assert.fail(`${count} more events did not arrive: ${JSON.stringify(events())}`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 50);
        });
      }
      return events().slice(want - count, want);
    },
    close: () => abort.abort(),
  };
}

const agentHeaders = async (api: Api) => {
  const [row] = await api.db.query<{ id: string }>(`select id from agents where email = 'ana@team.example'`);
  return { Authorization: `Bearer ${await createToken(api.db, row!.id)}`, 'Content-Type': 'application/json' };
};

describeApi('conversation events', { seed, heartbeatMs: 100 }, (api) => {
  test('the visitor’s stream hears their message, the answer, and an agent taking over and replying, in order', async () => {
    const first = await api.chat({ message: 'How do I install it?' });
    const { conversationId, visitorToken } = first.json;
    const headers = { 'X-Visitor-Token': visitorToken };
    const stream = await open(api, conversationId, headers);
    try {
      const asked = await api.chat({ message: 'And dark mode?', conversationId, clientMessageId: 'q2' }, headers);
      const [question, answer] = await stream.next(2);
      assert.equal(question!.event, 'message');
      assert.deepEqual(
        [(question!.data as { messageId: string }).messageId, (question!.data as { role: string }).role],
        ['q2', 'user'],
      );
      assert.equal((answer!.data as { messageId: string }).messageId, asked.json.messageId);
      assert.ok((answer!.data as { citations: unknown[] }).citations.length > 0, 'the answer as the history has it');
      assert.ok(Number(answer!.id) > Number(question!.id), 'ids grow');

      const agent = await agentHeaders(api);
      const typing = await fetch(`${api.base}/api/agent/conversations/${conversationId}/typing`, {
        method: 'POST',
        headers: agent,
      });
      assert.equal(typing.status, 204);
      const [typed] = await stream.next(1);
      assert.deepEqual([typed!.id, typed!.event, typed!.data], [undefined, 'typing', { role: 'agent', name: 'Ana' }]);
      const reply = await fetch(`${api.base}/api/agent/conversations/${conversationId}/messages`, {
        method: 'POST',
        headers: agent,
        body: JSON.stringify({ content: 'Hi, Ana here.' }),
      });
      assert.equal(reply.status, 201);
      const [status, line, message] = await stream.next(3);
      assert.deepEqual([status!.event, status!.data], ['status', { status: 'agent' }]);
      assert.equal((line!.data as { content: string }).content, 'Ana joined the conversation.');
      assert.deepEqual(
        [(message!.data as { role: string }).role, (message!.data as { author: unknown }).author],
        ['agent', { name: 'Ana' }],
        'the visitor sees the agent’s name, not their id',
      );
      assert.ok(
        !stream.events().some((e) => JSON.stringify(e.data).includes('"id"')),
        'no agent id reaches the visitor',
      );
      const deadline = Date.now() + 3000;
      while (!stream.blocks.some((b) => b.comment === 'keep-alive') && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.ok(
        stream.blocks.some((b) => b.comment === 'keep-alive'),
        'a quiet stream gets comment lines',
      );
    } finally {
      stream.close();
    }
  });

  test('Last-Event-ID resumes after the last event seen: what was missed, once, in order', async () => {
    const first = await api.chat({ message: 'How do I install it?' });
    const { conversationId, visitorToken } = first.json;
    const headers = { 'X-Visitor-Token': visitorToken };
    const live = await open(api, conversationId, headers);
    await api.chat({ message: 'one', conversationId }, headers);
    const seen = await live.next(2);
    live.close();
    // Missed while disconnected: a message and its answer, then an escalation.
    await api.chat({ message: 'two', conversationId }, headers);
    await api.call('POST', '/api/widget/escalate', {
      body: { widgetId: 'docs', conversationId, email: 'v@example.com', message: 'help' },
      headers,
    });
    const resumed = await open(api, conversationId, headers, seen.at(-1)!.id);
    try {
      const missed = await resumed.next(3);
      assert.deepEqual(
        missed.map((e) => [e.event, (e.data as { role?: string }).role ?? (e.data as { status: string }).status]),
        [
          ['message', 'user'],
          ['message', 'assistant'],
          ['status', 'escalated'],
        ],
      );
      assert.equal((missed[0]!.data as { content: string }).content, 'two');
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(resumed.events().length, 3, 'nothing twice');
      // From now on, only the new; a message for the person is an event too (no answer follows).
      await api.chat({ message: 'three', conversationId }, headers);
      const [three] = await resumed.next(1);
      assert.equal((three!.data as { content: string }).content, 'three');
    } finally {
      resumed.close();
    }
  });

  test('only the conversation’s visitor may open it; a bad Last-Event-ID is a 400', async () => {
    const { json } = await api.chat({ message: 'How do I install it?' });
    const path = `/api/widget/conversations/${json.conversationId}/events?widgetId=docs`;
    const stranger = await api.visitor();
    expectProblem(await api.call('GET', path, { headers: stranger.headers }), 404, 'conversation_not_found');
    expectProblem(await api.call('GET', path), 401, 'unauthorized');
    const headers = { 'X-Visitor-Token': json.visitorToken };
    expectProblem(await api.call('GET', path, { headers: { ...headers, 'Last-Event-ID': 'x' } }), 400, 'bad_request');
    expectProblem(
      await api.call('GET', `/api/widget/conversations/${json.conversationId}/events?widgetId=other`, { headers }),
      404,
      'widget_not_found',
    );
  });
});
