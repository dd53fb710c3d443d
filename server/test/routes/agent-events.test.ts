// An agent's live events over real HTTP: the messages and changes of the agent's widgets as they
// are written, and nothing of any other widget.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hashPassword } from '../../src/agents/password.js';
import { createToken } from '../../src/db/agent-credentials.js';
import { addAgent } from '../../src/db/agents.js';
import type { Database } from '../../src/db/database.js';
import { describeApi, expectProblem } from '../support/api.js';
import { docsWidget } from '../support/fixtures.js';
import { sseBlocks } from '../support/http.js';

async function seed(db: Database) {
  await docsWidget(db, { id: 'docs' });
  await docsWidget(db, { id: 'other' });
  await addAgent(db, {
    email: 'ana@team.example',
    widgetId: 'docs',
    name: 'Ana',
    passwordHash: await hashPassword('correct horse battery'),
  });
}

describeApi('agent events', { seed, heartbeatMs: 100 }, (api) => {
  test('the agent hears their widgets’ messages and changes as they are written, and nothing of another widget', async () => {
    const [row] = await api.db.query<{ id: string }>(`select id from agents where email = 'ana@team.example'`);
    const token = await createToken(api.db, row!.id);
    const abort = new AbortController();
    const response = await fetch(`${api.base}/api/agent/events`, {
      headers: { Authorization: `Bearer ${token}` },
      signal: abort.signal,
    });
    assert.equal(response.status, 200);
    const heard: { id?: string; event?: string; data?: unknown }[] = [];
    const reading = (async () => {
      try {
        for await (const block of sseBlocks(response)) if (block.event) heard.push(block);
      } catch {
        // aborted
      }
    })();
    const elsewhere = await api.chat({ widgetId: 'other', message: 'How do I install it?' });
    const asked = await api.chat({ message: 'How do I install it?' });
    const { conversationId, visitorToken } = asked.json;
    await api.call('POST', '/api/widget/escalate', {
      body: { widgetId: 'docs', conversationId, email: 'v@example.com', message: 'help' },
      headers: { 'X-Visitor-Token': visitorToken },
    });
    const deadline = Date.now() + 5000;
    while (heard.length < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    abort.abort();
    await reading;
    assert.deepEqual(
      heard.map((e) => [e.event, (e.data as { conversationId: string }).conversationId]),
      [
        ['message', conversationId],
        ['message', conversationId],
        ['conversation', conversationId],
      ],
    );
    const [question, answer, change] = heard.map((e) => e.data) as Record<string, unknown>[];
    assert.equal((question!.message as { role: string }).role, 'user');
    assert.equal((answer!.message as { role: string }).role, 'assistant');
    assert.deepEqual(change, { conversationId, widgetId: 'docs', status: 'escalated' });
    assert.ok(!JSON.stringify(heard).includes(elsewhere.json.conversationId), 'nothing of the other widget');
  });

  test('the team hears an assignment and a note live; the visitor’s stream never does', async () => {
    const [row] = await api.db.query<{ id: string }>(`select id from agents where email = 'ana@team.example'`);
    const agent = { Authorization: `Bearer ${await createToken(api.db, row!.id)}` };
    const asked = await api.chat({ message: 'How do I install it?' });
    const { conversationId, visitorToken } = asked.json;
    const listen = (path: string, headers: Record<string, string>) => {
      const abort = new AbortController();
      const heard: { event?: string; data?: unknown }[] = [];
      const reading = (async () => {
        try {
          const response = await fetch(`${api.base}${path}`, { headers, signal: abort.signal });
          for await (const block of sseBlocks(response)) if (block.event) heard.push(block);
        } catch {
          // aborted
        }
      })();
      return { heard, stop: () => (abort.abort(), reading) };
    };
    const team = listen('/api/agent/events', agent);
    const visitor = listen(`/api/widget/conversations/${conversationId}/events?widgetId=docs`, {
      'X-Visitor-Token': visitorToken,
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const post = (path: string, body: unknown) =>
      api.call('POST', `/api/agent/conversations/${conversationId}/${path}`, { body, headers: agent });
    assert.equal((await post('assign', { agentId: row!.id })).status, 204);
    assert.equal((await post('notes', { content: 'Billing knows.' })).status, 201);
    assert.equal((await post('assign', { agentId: null })).status, 204);
    // A reply after them: once the visitor hears it, everything before it was written.
    assert.equal((await post('messages', { content: 'Hello' })).status, 201);
    const deadline = Date.now() + 5000;
    while (visitor.heard.filter((e) => e.event === 'message').length < 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    await Promise.all([team.stop(), visitor.stop()]);
    const teamHeard = team.heard.map((e) => [e.event, e.data]);
    assert.deepEqual(teamHeard.slice(0, 3), [
      ['conversation', { conversationId, widgetId: 'docs', assignee: { id: row!.id, name: 'Ana' } }],
      ['note', teamHeard[1]![1]],
      ['conversation', { conversationId, widgetId: 'docs', assignee: null }],
    ]);
    const note = (teamHeard[1]![1] as { note: { content: string; author: { name: string } } }).note;
    assert.deepEqual([note.content, note.author.name], ['Billing knows.', 'Ana']);
    assert.deepEqual(
      visitor.heard.map((e) => e.event),
      ['status', 'message', 'message'],
      'the visitor hears Ana join and write, never the assignment or the note',
    );
    assert.ok(!JSON.stringify(visitor.heard).includes('Billing knows.'));
  });

  test('refused without an agent; a bad Last-Event-ID is a 400', async () => {
    expectProblem(await api.call('GET', '/api/agent/events'), 401, 'unauthorized');
    const [row] = await api.db.query<{ id: string }>(`select id from agents where email = 'ana@team.example'`);
    const token = await createToken(api.db, row!.id);
    const bad = await api.call('GET', '/api/agent/events', {
      headers: { Authorization: `Bearer ${token}`, 'Last-Event-ID': 'x' },
    });
    expectProblem(bad, 400, 'bad_request');
  });
});
