// Which pages may read the API's responses: the widget's allowed origins, and its refusals.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { upsertWidget } from '../../src/db/widgets.js';
import { describeApi, expectProblem } from '../support/api.js';

async function seed(db: Parameters<typeof upsertWidget>[0]) {
  await upsertWidget(db, { id: 'docs' });
  await upsertWidget(db, { id: 'strict', allowed_origins: ['https://shop.example'] });
}

describeApi('cors', { seed }, (api) => {
  test('an origin outside the allow-list gets 403, readable there; an allowed one gets CORS headers', async () => {
    const refused = await api.call('GET', '/api/widget/strict/prelude', {
      headers: { Origin: 'https://evil.example' },
    });
    expectProblem(refused, 403, 'origin_not_allowed');
    assert.equal(refused.headers.get('access-control-allow-origin'), 'https://evil.example');
    const allowed = await api.call('GET', '/api/widget/strict/prelude', {
      headers: { Origin: 'https://shop.example' },
    });
    assert.equal(allowed.status, 200);
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://shop.example');
    assert.equal(allowed.headers.get('access-control-expose-headers'), 'Retry-After, Date, X-Conversation-Id');
    assert.match(allowed.headers.get('vary')!, /Origin/);
    assert.equal(allowed.headers.get('access-control-allow-credentials'), null);
  });

  test('a preflight passes for an origin some widget allows', async () => {
    const preflight = (origin: string) =>
      fetch(`${api.base}/api/widget/chat`, {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type,idempotency-key',
        },
      });
    const ok = await preflight('https://shop.example');
    assert.equal(ok.status, 204);
    assert.equal(ok.headers.get('access-control-allow-origin'), 'https://shop.example');
    assert.match(ok.headers.get('access-control-allow-headers')!, /idempotency-key/);
    assert.match(ok.headers.get('access-control-allow-methods')!, /POST/);
  });

  test('errors before the widget is known are still readable by an allowed origin', async () => {
    const reply = await api.call('POST', '/api/widget/chat', {
      body: { widgetId: 'strict', message: '' },
      headers: { Origin: 'https://shop.example' },
    });
    expectProblem(reply, 400, 'bad_request');
    assert.equal(reply.headers.get('access-control-allow-origin'), 'https://shop.example');
    const elsewhere = await api.call('POST', '/api/widget/chat', {
      raw: '{',
      headers: { Origin: 'https://evil.example' },
    });
    assert.equal(elsewhere.status, 400);
    // The docs widget allows any origin, so even this one may read it; a widget-only deployment would not.
    assert.equal(elsewhere.headers.get('access-control-allow-origin'), 'https://evil.example');
  });

  test('the responses of a widget are not readable by an origin it does not allow, even its errors', async () => {
    const created = await api.call('POST', '/api/widget/conversations', {
      body: { widgetId: 'strict' },
      headers: { Origin: 'https://shop.example' },
    });
    const unknown = await api.call(
      'GET',
      `/api/widget/conversations/00000000-0000-4000-8000-000000000000?widgetId=strict`,
      { headers: { Origin: 'https://shop.example', 'X-Visitor-Token': created.json.visitorToken } },
    );
    expectProblem(unknown, 404, 'conversation_not_found');
    assert.equal(unknown.headers.get('access-control-allow-origin'), 'https://shop.example');
    assert.equal(created.status, 201);
  });
});
