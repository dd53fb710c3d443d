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
