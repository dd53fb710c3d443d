// A message is answered once per idempotency key, however often and however concurrently it is sent.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeApi } from '../support/api.js';
import { docsWidget } from '../support/fixtures.js';

describeApi('idempotency', { seed: (db) => docsWidget(db) }, (api) => {
  const history = async (conversationId: string, headers: Record<string, string>) =>
    (await api.call('GET', `/api/widget/conversations/${conversationId}/messages?widgetId=docs`, { headers })).json
      .messages as {
      messageId: string;
      role: string;
    }[];

  test('the same clientMessageId is answered once', async () => {
    const { headers } = await api.visitor();
    const body = { message: 'How do I paste the script tag?', clientMessageId: 'c-1' };
    const first = await api.chat(body, headers);
    const again = await api.chat(body, headers);
    assert.deepEqual(again.json, first.json);
    assert.deepEqual(
      (await history(first.json.conversationId, headers)).map((m) => [m.messageId, m.role]),
      [
        ['c-1', 'user'],
        [first.json.messageId, 'assistant'],
      ],
    );
  });

  test('a retry racing its original is answered once, with a clientMessageId or an Idempotency-Key', async () => {
    const ways: [Record<string, unknown>, Record<string, string>][] = [
      [{ clientMessageId: 'race-c' }, {}],
      [{}, { 'Idempotency-Key': 'race-k' }],
    ];
    for (const [body, key] of ways) {
      const { id: visitorId, headers: visitor } = await api.visitor();
      const headers = { ...visitor, ...key };
      const ask = () => api.chat({ message: 'How does dark mode work?', ...body }, headers);
      const [first, second, third] = await Promise.all([ask(), ask(), ask()]);
      assert.deepEqual(second!.json, first!.json);
      assert.deepEqual(third!.json, first!.json);
      assert.deepEqual(
        (await history(first!.json.conversationId, visitor)).map((m) => m.role),
        ['user', 'assistant'],
      );
      const [row] = await api.db.query<{ n: number }>(
        'select count(*)::int as n from conversations where visitor_id = $1',
        [visitorId],
      );
      assert.equal(row!.n, 1, 'one conversation');
    }
  });
});
