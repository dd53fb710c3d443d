// Bad input gets a 4xx JSON error naming the problem, before anything is stored or answered.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { upsertWidget } from '../../src/db/widgets.js';
import { describeApi, expectProblem } from '../support/api.js';
import type { Reply } from '../support/http.js';

async function seed(db: Parameters<typeof upsertWidget>[0]) {
  await upsertWidget(db, { id: 'docs' });
  await upsertWidget(db, { id: 'off', active: false });
}

describeApi('validation', { seed }, (api) => {
  test('missing and mistyped fields are named', async () => {
    const reply = await api.call('POST', '/api/widget/chat', { body: { widgetId: 'docs', conversationId: 42 } });
    expectProblem(reply, 400, 'bad_request');
    assert.deepEqual(reply.json.error.details.fields.sort(), ['conversationId', 'message']);
    expectProblem(await api.chat({ message: '' }), 400, 'bad_request');
    expectProblem(await api.chat({ message: 'x'.repeat(4001) }), 400, 'bad_request');
    expectProblem(await api.chat({ message: 'nul \u0000 inside' }), 400, 'bad_request');
    expectProblem(await api.chat({ message: '   ' }), 400, 'bad_request');
  });

  test('every route names what is wrong in its body, query or path', async () => {
    const cases: [string, string, object | undefined, string[]][] = [
      ['POST', '/api/widget/conversations', {}, ['widgetId']],
      ['POST', '/api/widget/contact', { widgetId: 'docs', email: 'not-an-email' }, ['email']],
      ['POST', '/api/widget/feedback', { widgetId: 'docs', messageId: 'm', type: 'meh' }, ['type']],
      [
        'POST',
        '/api/widget/escalate',
        { widgetId: 'docs', conversationId: 'x', email: 'a@b.co' },
        ['conversationId', 'message'],
      ],
      ['GET', '/api/widget/docs/me?visitorId=', undefined, ['visitorId']],
      ['GET', '/api/widget/conversations/00000000-0000-4000-8000-000000000000', undefined, ['widgetId']],
      [
        'GET',
        '/api/widget/conversations/00000000-0000-4000-8000-000000000000/messages?widgetId=docs&after=soon',
        undefined,
        ['after'],
      ],
    ];
    for (const [method, path, body, fields] of cases) {
      const reply = await api.call(method, path, { body });
      expectProblem(reply, 400, 'bad_request');
      assert.deepEqual(reply.json.error.details.fields.sort(), fields.sort(), `${method} ${path}`);
    }
  });

  test('malformed JSON, a body that is not JSON, oversized bodies and unknown routes', async () => {
    expectProblem(
      await api.call('POST', '/api/widget/chat', { raw: '{"widgetId": "docs", "message": ' }),
      400,
      'bad_request',
    );
    const notJson = await fetch(`${api.base}/api/widget/chat`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: JSON.stringify({ widgetId: 'docs', message: 'hi' }),
    });
    assert.equal(notJson.status, 400);
    assert.match(((await notJson.json()) as Reply['json']).error.message, /Content-Type: application\/json/);
    expectProblem(
      await api.call('POST', '/api/widget/chat', {
        raw: JSON.stringify({ widgetId: 'docs', message: 'x', pad: 'y'.repeat(20_000) }),
      }),
      413,
      'bad_request',
    );
    expectProblem(await api.call('GET', '/api/nothing-here'), 404, 'not_found');
    expectProblem(await api.call('GET', '/api/widget/docs/nothing-here'), 404, 'not_found');
  });

  test('unknown or inactive widgets', async () => {
    expectProblem(await api.call('GET', '/api/widget/ghost/prelude'), 404, 'widget_not_found');
    expectProblem(await api.call('GET', '/api/widget/off/prelude'), 404, 'widget_not_found');
    expectProblem(await api.chat({ widgetId: 'off', message: 'hi' }), 404, 'widget_not_found');
  });
});
