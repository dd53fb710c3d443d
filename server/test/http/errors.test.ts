// When the database fails, the visitor gets the documented 500 and nothing internal: no stack, no
// SQL, no driver message. The failure is a database that throws, the one boundary we make fail here.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createApp } from '../../src/app.js';
import type { Database } from '../../src/db/database.js';

test('a 500 says "internal" and leaks no stack, SQL or driver message; the operator sees it in the log', async () => {
  const broken: Database = {
    query: async (sql) => {
      throw new Error(`relation "widgets" does not exist in: ${sql}`);
    },
    transaction: async () => {
      throw new Error('connection terminated unexpectedly at pg/lib/client.js:132');
    },
    close: async () => {},
  };
  const logged: string[] = [];
  const app = createApp({
    db: broken,
    log: { warn: (m) => logged.push(m), error: (m, error) => logged.push(`${m} ${String(error)}`) },
  });
  const response = await app.request('/api/widget/chat', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ widgetId: 'w', message: 'hello' }),
  });
  assert.equal(response.status, 500);
  const text = await response.text();
  assert.deepEqual(JSON.parse(text), { error: { code: 'internal', message: 'Something went wrong on our side.' } });
  assert.doesNotMatch(text, /relation|select|widgets|\.js|stack|at /i);
  assert.match(logged.join('\n'), /relation "widgets" does not exist/);
});
