// 429s over HTTP: a visitor over the per-minute limit, a widget over its daily quota.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { upsertWidget } from '../../src/db/widgets.js';
import { describeApi, expectProblem } from '../support/api.js';

async function seed(db: Parameters<typeof upsertWidget>[0]) {
  await upsertWidget(db, { id: 'tight', rate_limit_per_minute: 2 });
  await upsertWidget(db, { id: 'quota', daily_quota: 1 });
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
  });
});
