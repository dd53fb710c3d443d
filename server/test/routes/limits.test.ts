// 429s over HTTP: a visitor or an address over the per-minute limit, a widget over its daily
// quota, an address writing too much; and escalation asked twice.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createApp } from '../../src/app.js';
import { VISITORS_PER_CLIENT, WRITES_PER_MINUTE } from '../../src/db/limits.js';
import { upsertWidget } from '../../src/db/widgets.js';
import { describeApi, expectProblem } from '../support/api.js';
import { call, listen } from '../support/http.js';

async function seed(db: Parameters<typeof upsertWidget>[0]) {
  await upsertWidget(db, { id: 'tight', rate_limit_per_minute: 2 });
  await upsertWidget(db, { id: 'quota', daily_quota: 1, client_quota_share: 1 });
  await upsertWidget(db, { id: 'strict', daily_quota: 1, client_quota_share: 1 });
  await upsertWidget(db, { id: 'rotated', rate_limit_per_minute: 1 });
  await upsertWidget(db, { id: 'proxied', rate_limit_per_minute: 1 });
  await upsertWidget(db, { id: 'writes' });
}

describeApi('limits', { seed }, (api) => {
  const visitors = new Map<string, Promise<Record<string, string>>>();
  /** A message from the visitor called `name` of `widgetId`, presenting its token. */
  const send = async (widgetId: string, name: string, extra = {}) => {
    const key = `${widgetId}/${name}`;
    if (!visitors.has(key))
      visitors.set(
        key,
        api.visitor(widgetId).then((v) => v.headers),
      );
    return api.chat({ widgetId, message: 'dark mode', ...extra }, await visitors.get(key));
  };

  test('a visitor over the per-minute limit gets 429 rate_limited with Retry-After; others and replays are not affected', async () => {
    const first = await send('tight', 'busy', { clientMessageId: 'k1' });
    assert.equal(first.status, 200);
    // Five against a limit of two: a refusal is certain even if the requests straddle two minutes.
    const rest = [];
    for (let i = 0; i < 4; i++) rest.push(await send('tight', 'busy'));
    const refused = rest.find((r) => r.status === 429);
    assert.ok(refused, 'one of them was refused');
    expectProblem(refused, 429, 'rate_limited');
    const wait = Number(refused.headers.get('retry-after'));
    assert.ok(wait >= 1 && wait <= 60, `Retry-After ${wait}`);
    assert.equal((await send('tight', 'calm')).status, 200);
    const replay = await send('tight', 'busy', { clientMessageId: 'k1' });
    assert.deepEqual(replay.json, first.json);
  });

  test('a widget over its daily quota gets 429 quota_exceeded until the day ends', async () => {
    assert.equal((await send('quota', 'a')).status, 200);
    const refused = await send('quota', 'b');
    expectProblem(refused, 429, 'quota_exceeded');
    const wait = Number(refused.headers.get('retry-after'));
    assert.ok(wait >= 1 && wait <= 86_400, `Retry-After ${wait}`);
    // Refused again from memory: the wait is still the rest of the day, not the minute it is kept.
    const again = await send('quota', 'c');
    expectProblem(again, 429, 'quota_exceeded');
    assert.ok(Number(again.headers.get('retry-after')) >= wait - 2, 'the same wait');
  });

  test('a message to a conversation that is not the visitor’s is a 404 and counts nothing', async () => {
    const stranger = await send('strict', 'a', { conversationId: '00000000-0000-4000-8000-000000000000' });
    expectProblem(stranger, 404, 'conversation_not_found');
    // The quota is one message: the 404 did not take it.
    assert.equal((await send('strict', 'a')).status, 200);
  });

  test('a client making a new visitor for every message is held by its address', async () => {
    const statuses: number[] = [];
    // No token: each message is a new visitor's. One a minute each, five visitors' worth an address.
    for (let i = 0; i < 12; i++) statuses.push((await api.chat({ widgetId: 'rotated', message: 'dark mode' })).status);
    assert.ok(statuses.includes(429), statuses.join());
    assert.ok(statuses.filter((s) => s === 200).length <= 2 * VISITORS_PER_CLIENT, statuses.join());
  });

  test('X-Forwarded-For counts only from a trusted proxy, and then names the client', async () => {
    const spoofed: number[] = [];
    for (let i = 0; i < 12; i++) {
      const reply = await api.chat(
        { widgetId: 'proxied', message: 'dark mode' },
        { 'X-Forwarded-For': `203.0.113.${i}` },
      );
      spoofed.push(reply.status);
    }
    assert.ok(spoofed.includes(429), `a client cannot pick its address: ${spoofed.join()}`);
    const behind = await listen(createApp({ db: api.db, trustedProxies: new Set(['127.0.0.1']) }));
    try {
      const each = async (address: string) =>
        call(behind.base, 'POST', '/api/widget/chat', {
          body: { widgetId: 'proxied', message: 'dark mode' },
          // The client's own entry first, then what the proxy saw: the one nearest the server counts.
          headers: { 'X-Forwarded-For': `10.9.9.9, ${address}` },
        });
      for (let i = 0; i < 3; i++) assert.equal((await each(`198.51.100.${i + 1}`)).status, 200, `client ${i}`);
    } finally {
      await behind.close();
    }
  });

  test('other writes are limited per address too, with Retry-After', async () => {
    let refused;
    for (let i = 0; i <= 2 * WRITES_PER_MINUTE && !refused; i++) {
      const reply = await api.call('POST', '/api/widget/visitors', { body: { widgetId: 'writes' } });
      if (reply.status === 429) refused = reply;
    }
    assert.ok(refused, 'refused');
    expectProblem(refused, 429, 'rate_limited');
    assert.ok(Number(refused.headers.get('retry-after')) >= 1);
  });

  test('asking for a person twice makes one ticket', async () => {
    const { json } = await api.chat({ widgetId: 'tight', message: 'dark mode' });
    const headers = { 'X-Visitor-Token': json.visitorToken };
    const escalate = () =>
      api.call('POST', '/api/widget/escalate', {
        body: { widgetId: 'tight', conversationId: json.conversationId, email: 'ana@example.com', message: 'Help' },
        headers,
      });
    const [a, b] = await Promise.all([escalate(), escalate()]);
    const c = await escalate();
    assert.equal(b.json.ticketId, a.json.ticketId);
    assert.equal(c.json.ticketId, a.json.ticketId);
    const [row] = await api.db.query<{ n: number }>(
      'select count(*)::int as n from tickets where conversation_id = $1',
      [json.conversationId],
    );
    assert.equal(row!.n, 1);
  });
});
