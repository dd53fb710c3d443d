// The lines about a change of hands, in the widget's language (server/src/i18n/system-lines.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hashPassword } from '../../src/agents/password.js';
import { setStatus } from '../../src/db/agent-actions.js';
import { addAgent } from '../../src/db/agents.js';
import { createConversation } from '../../src/db/conversations.js';
import { history } from '../../src/db/messages.js';
import { upsertWidget } from '../../src/db/widgets.js';
import { systemLine } from '../../src/i18n/system-lines.js';
import { describeOnEachBackend } from '../support/backends.js';

const LANGUAGES = ['ar', 'de', 'es', 'fr', 'he', 'it', 'ja', 'nl', 'pt', 'zh'];

test('each of the widget’s languages has its own three lines, with the agent’s name', () => {
  for (const change of ['joined', 'closed', 'bot'] as const) {
    const english = systemLine(change, 'en', 'Ana');
    const lines = LANGUAGES.map((language) => systemLine(change, language, 'Ana'));
    assert.equal(new Set([english, ...lines]).size, 1 + LANGUAGES.length, `${change}: every language its own`);
    if (change !== 'bot') for (const line of [english, ...lines]) assert.ok(line.includes('Ana'), line);
  }
  assert.equal(systemLine('joined', 'pt-BR', 'Ana'), systemLine('joined', 'pt', 'Ana'));
  assert.equal(systemLine('joined', 'ko', 'Ana'), 'Ana joined the conversation.');
});

describeOnEachBackend(
  'system lines',
  async (db) => {
    await upsertWidget(db, { id: 'laden', language: 'de' });
    const { agent } = await addAgent(db, {
      email: 'anna@laden.example',
      widgetId: 'laden',
      name: 'Anna',
      passwordHash: await hashPassword('ein langes Passwort'),
    });
    return agent;
  },
  (suite) => {
    test('a German widget’s visitor reads that Anna joined and closed, in German', async () => {
      const { id } = await createConversation(suite.db, 'laden', 'v');
      await setStatus(suite.db, id, suite.seeded, 'agent');
      await setStatus(suite.db, id, suite.seeded, 'closed');
      const lines = (await history(suite.db, id)).filter((m) => m.role === 'system').map((m) => m.content);
      assert.deepEqual(lines, ['Anna ist dem Gespräch beigetreten.', 'Anna hat das Gespräch beendet.']);
    });
  },
);
