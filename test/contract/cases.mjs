// The cases of the widget API contract (docs/server.md, "The API"). Each sends the same requests
// to a backend, asserts what the contract says, and returns what it observed; the suite then
// checks that both backends observed the same (observe.mjs).
import assert from 'node:assert/strict';
import { observe } from './observe.mjs';

const NO_SUCH_CONVERSATION = '00000000-0000-4000-8000-000000000000';

/** A 1×1 PNG. */
const PIXEL = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

function expectProblem(reply, status, code, fields) {
  assert.equal(reply.status, status, JSON.stringify(reply.json));
  assert.equal(reply.json?.error?.code, code);
  assert.equal(typeof reply.json.error.message, 'string');
  if (fields) assert.deepEqual([...(reply.json.error.details?.fields ?? [])].sort(), [...fields].sort());
}

const chat = (api, body, headers) =>
  api.call('POST', '/api/widget/chat', { body: { widgetId: 'contract', ...body }, headers });

/** A new visitor of the widget `contract`: its id and the headers that present it. */
async function visitor(api) {
  const reply = await api.call('POST', '/api/widget/visitors', { body: { widgetId: 'contract' } });
  assert.equal(reply.status, 201, JSON.stringify(reply.json));
  assert.match(reply.json.visitorId, /^v_[\w-]{22}$/);
  return { id: reply.json.visitorId, headers: { 'X-Visitor-Token': reply.json.visitorToken }, reply };
}

function expectAnswer(reply) {
  assert.equal(reply.status, 200, JSON.stringify(reply.json));
  const { json } = reply;
  assert.match(json.conversationId, /^[0-9a-f-]{36}$/i);
  assert.equal(typeof json.messageId, 'string');
  assert.equal(typeof json.answer, 'string');
  assert.ok(Array.isArray(json.citations) && Array.isArray(json.relatedArticles));
  for (const c of json.citations)
    assert.deepEqual(Object.keys(c).sort(), ['excerpt', 'pageId', 'pageTitle', 'pageUrl']);
  assert.ok(json.confidenceScore >= 0 && json.confidenceScore <= 1);
  assert.equal(typeof json.wasRefused, 'boolean');
}

export const CASES = [
  {
    name: 'the prelude of a widget',
    async run(api) {
      const reply = await api.call('GET', '/api/widget/contract/prelude');
      assert.equal(reply.status, 200);
      assert.equal(reply.json.widgetId, 'contract');
      assert.deepEqual(reply.json.escalation, { enabled: true });
      assert.ok(Array.isArray(reply.json.initialQuestions));
      return [observe(reply)];
    },
  },
  {
    name: 'an unknown widget is 404, a widget this page may not use is 403 (readable by the page)',
    async run(api) {
      const unknown = await api.call('GET', '/api/widget/unknown-widget/prelude');
      expectProblem(unknown, 404, 'widget_not_found');
      const foreign = await api.call('GET', '/api/widget/foreign-widget/prelude');
      expectProblem(foreign, 403, 'origin_not_allowed');
      assert.equal(foreign.headers.get('access-control-allow-origin'), api.origin);
      const foreignChat = await api.call('POST', '/api/widget/chat', {
        body: { widgetId: 'foreign-widget', message: 'hi' },
      });
      expectProblem(foreignChat, 403, 'origin_not_allowed');
      return [unknown, foreign, foreignChat].map(observe);
    },
  },
  {
    name: 'a preflight from the page is allowed, with the headers the widget sends',
    async run(api) {
      const reply = await api.call('OPTIONS', '/api/widget/chat', {
        headers: {
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type,idempotency-key,x-visitor-token',
        },
      });
      assert.equal(reply.status, 204);
      assert.equal(reply.headers.get('access-control-allow-origin'), api.origin);
      assert.match(reply.headers.get('access-control-allow-headers'), /idempotency-key/i);
      assert.match(reply.headers.get('access-control-allow-headers'), /x-visitor-token/i);
      assert.match(reply.headers.get('access-control-allow-methods'), /POST/);
      return [{ status: reply.status, readableBy: reply.headers.get('access-control-allow-origin') }];
    },
  },
  {
    name: 'a message is answered, readable by the page, with Retry-After exposed',
    async run(api) {
      const reply = await chat(api, { message: 'How do I add the chat to WordPress?' });
      expectAnswer(reply);
      assert.match(reply.json.visitorId, /^v_/, 'a first message without a token makes its visitor');
      assert.equal(typeof reply.json.visitorToken, 'string');
      assert.equal(reply.headers.get('access-control-allow-origin'), api.origin);
      assert.match(reply.headers.get('access-control-expose-headers') ?? '', /Retry-After/i);
      assert.match(reply.headers.get('access-control-expose-headers') ?? '', /\bDate\b/);
      return [observe(reply)];
    },
  },
  {
    name: 'the same message sent again with its clientMessageId or Idempotency-Key gets the same answer',
    async run(api) {
      const { headers } = await visitor(api);
      const body = { message: 'How do I reset my password?', clientMessageId: 'contract-c1' };
      const first = await chat(api, body, headers);
      const again = await chat(api, body, headers);
      expectAnswer(first);
      assert.deepEqual(again.json, first.json);
      const byHeader = { message: 'How does dark mode work?' };
      const headerFirst = await chat(api, byHeader, { ...headers, 'Idempotency-Key': 'contract-k1' });
      const headerAgain = await chat(api, byHeader, { ...headers, 'Idempotency-Key': 'contract-k1' });
      assert.deepEqual(headerAgain.json, headerFirst.json);
      const history = await api.call(
        'GET',
        `/api/widget/conversations/${first.json.conversationId}/messages?widgetId=contract`,
        { headers },
      );
      assert.deepEqual(
        history.json.messages.map((m) => [m.messageId, m.role]),
        [
          ['contract-c1', 'user'],
          [first.json.messageId, 'assistant'],
        ],
      );
      return [first, again, headerAgain, history].map(observe);
    },
  },
  {
    name: 'bad messages are refused with 400 naming the fields',
    async run(api) {
      const replies = [
        [await chat(api, {}), ['message']],
        [await chat(api, { message: '' }), ['message']],
        [await chat(api, { message: '   ' }), ['message']],
        [await chat(api, { message: 'x'.repeat(4001) }), ['message']],
        [await chat(api, { message: 'hi', conversationId: 'not-a-conversation' }), ['conversationId']],
        [await api.call('POST', '/api/widget/chat', { body: { message: 'hi' } }), ['widgetId']],
      ];
      for (const [reply, fields] of replies) expectProblem(reply, 400, 'bad_request', fields);
      return replies.map(([reply]) => observe(reply));
    },
  },
  {
    name: 'malformed JSON is 400, an oversized body 413, an unknown route 404',
    async run(api) {
      const malformed = await api.call('POST', '/api/widget/chat', { raw: '{"widgetId": "contract", "message": ' });
      expectProblem(malformed, 400, 'bad_request');
      const large = await api.call('POST', '/api/widget/chat', {
        raw: JSON.stringify({ widgetId: 'contract', message: 'x', pad: 'y'.repeat(20_000) }),
      });
      expectProblem(large, 413, 'bad_request');
      const nowhere = await api.call('GET', '/api/widget/contract/nothing-here');
      expectProblem(nowhere, 404, 'not_found');
      return [malformed, large, nowhere].map(observe);
    },
  },
  {
    name: 'hostile input is a 400 naming the field, never a 500: NUL, lone surrogates, odd timestamps, long keys',
    async run(api) {
      const replies = [];
      const refused = async (reply, fields, what) => {
        expectProblem(reply, 400, 'bad_request', fields);
        assert.match(reply.json.error.message, new RegExp(`Invalid or missing ${what}`));
        replies.push(reply);
      };
      await refused(await chat(api, { message: 'half a pair \ud800 here' }), ['message'], 'fields');
      await refused(await chat(api, { message: 'hi', visitorId: 'v\u0000x' }), ['visitorId'], 'fields');
      await refused(
        await chat(api, { message: 'hi' }, { 'Idempotency-Key': 'k'.repeat(201) }),
        ['idempotency-key'],
        'headers',
      );
      for (const customData of [{ plan: 'pro\u0000' }, { 'pl\u0000an': 'pro' }, { plan: '\udc00' }, { plan: 7 }]) {
        const reply = await api.call('POST', '/api/widget/contact', {
          body: { widgetId: 'contract', customData },
          headers: (await visitor(api)).headers,
        });
        await refused(reply, ['customData'], 'fields');
      }
      const created = await api.call('POST', '/api/widget/conversations', { body: { widgetId: 'contract' } });
      const id = created.json.conversationId;
      const headers = { 'X-Visitor-Token': created.json.visitorToken };
      for (const after of [
        '1',
        '99999',
        'Tue, 01 Jan 2019',
        '2020-02-30T00:00:00Z',
        '+275760-09-13T00:00:00Z',
        '2026-12-06T24:00:00Z',
        '2026-12-06',
      ]) {
        const reply = await api.call(
          'GET',
          `/api/widget/conversations/${id}/messages?widgetId=contract&after=${encodeURIComponent(after)}`,
          { headers },
        );
        await refused(reply, ['after'], 'query parameters');
      }
      for (const after of ['2026-12-06T10:00:00Z', '2026-12-06T10:00:00.123+01:00', '2024-02-29T23:59:59.999999Z']) {
        const reply = await api.call(
          'GET',
          `/api/widget/conversations/${id}/messages?widgetId=contract&after=${encodeURIComponent(after)}`,
          { headers },
        );
        assert.equal(reply.status, 200, after);
      }
      return replies.map(observe);
    },
  },
  {
    name: 'a conversation: created, read, its history after a cursor; unknown ones are 404',
    async run(api) {
      const created = await api.call('POST', '/api/widget/conversations', { body: { widgetId: 'contract' } });
      assert.equal(created.status, 201);
      assert.equal(created.json.status, 'bot');
      const id = created.json.conversationId;
      const headers = { 'X-Visitor-Token': created.json.visitorToken };
      const get = (path) => api.call('GET', path, { headers });
      const read = await get(`/api/widget/conversations/${id}?widgetId=contract`);
      assert.deepEqual(Object.keys(read.json).sort(), ['conversationId', 'createdAt', 'status', 'updatedAt']);
      const answered = await chat(api, { message: 'How does dark mode work?', conversationId: id }, headers);
      expectAnswer(answered);
      assert.equal(answered.json.conversationId, id);
      assert.equal(answered.json.visitorToken, undefined, 'a known visitor is not sent its token again');
      const all = await get(`/api/widget/conversations/${id}/messages?widgetId=contract`);
      assert.deepEqual(
        all.json.messages.map((m) => m.role),
        ['user', 'assistant'],
      );
      const after = encodeURIComponent(all.json.messages[0].createdAt);
      const newer = await get(`/api/widget/conversations/${id}/messages?widgetId=contract&after=${after}`);
      assert.deepEqual(
        newer.json.messages.map((m) => m.messageId),
        [answered.json.messageId],
      );
      const unknown = await get(`/api/widget/conversations/${NO_SUCH_CONVERSATION}?widgetId=contract`);
      expectProblem(unknown, 404, 'conversation_not_found');
      const unknownChat = await chat(api, { message: 'hi', conversationId: NO_SUCH_CONVERSATION }, headers);
      expectProblem(unknownChat, 404, 'conversation_not_found');
      const noWidget = await get(`/api/widget/conversations/${id}`);
      expectProblem(noWidget, 400, 'bad_request', ['widgetId']);
      return [created, read, answered, all, newer, unknown, unknownChat, noWidget].map(observe);
    },
  },
  {
    name: 'a file: uploaded to the visitor’s conversation, judged by its bytes, sent with a message, in the history',
    async run(api) {
      const created = await api.call('POST', '/api/widget/conversations', { body: { widgetId: 'contract' } });
      const id = created.json.conversationId;
      const headers = { 'X-Visitor-Token': created.json.visitorToken };
      const upload = (bytes, name, type, as = headers) => {
        const form = new globalThis.FormData();
        form.append('file', new globalThis.Blob([bytes], { type }), name);
        return api.call('POST', `/api/widget/attachments?widgetId=contract&conversationId=${id}`, {
          form,
          headers: as,
        });
      };
      const uploaded = await upload(PIXEL, 'shot.png', 'image/png');
      assert.equal(uploaded.status, 201, JSON.stringify(uploaded.json));
      assert.deepEqual(Object.keys(uploaded.json).sort(), ['attachmentId', 'contentType', 'name', 'size', 'url']);
      assert.deepEqual([uploaded.json.name, uploaded.json.contentType], ['shot.png', 'image/png']);
      const lying = await upload('<script>alert(1)</script>', 'cat.png', 'image/png');
      expectProblem(lying, 415, 'type_not_allowed');
      const stranger = await visitor(api);
      const notTheirs = await upload(PIXEL, 'shot.png', 'image/png', stranger.headers);
      expectProblem(notTheirs, 404, 'conversation_not_found');
      const sent = await chat(
        api,
        { message: '', conversationId: id, attachmentIds: [uploaded.json.attachmentId] },
        headers,
      );
      expectAnswer(sent);
      const history = await api.call('GET', `/api/widget/conversations/${id}/messages?widgetId=contract`, { headers });
      const [question] = history.json.messages;
      assert.equal(question.attachments[0].attachmentId, uploaded.json.attachmentId);
      return [uploaded, lying, notTheirs, sent, history].map(observe);
    },
  },
  {
    name: 'a conversation is its visitor’s: another visitor, or none, can neither read nor write it',
    async run(api) {
      const owner = await visitor(api);
      const answered = await chat(api, { message: 'How does dark mode work?' }, owner.headers);
      const id = answered.json.conversationId;
      const stranger = await visitor(api);
      const replies = [];
      const attempt = async (headers, status, code) => {
        const tries = [
          api.call('GET', `/api/widget/conversations/${id}?widgetId=contract`, { headers }),
          api.call('GET', `/api/widget/conversations/${id}/messages?widgetId=contract`, { headers }),
          api.call('POST', '/api/widget/escalate', {
            body: { widgetId: 'contract', conversationId: id, email: 'x@evil.example', message: 'hush' },
            headers,
          }),
        ];
        for (const reply of await Promise.all(tries)) {
          expectProblem(reply, status, code);
          replies.push(reply);
        }
      };
      await attempt(stranger.headers, 404, 'conversation_not_found');
      await attempt({}, 401, 'unauthorized');
      await attempt({ 'X-Visitor-Token': 'forged.token' }, 401, 'invalid_visitor_token');
      const write = await chat(api, { message: 'I am in', conversationId: id }, stranger.headers);
      expectProblem(write, 404, 'conversation_not_found');
      const rate = await api.call('POST', '/api/widget/feedback', {
        body: { widgetId: 'contract', messageId: answered.json.messageId, type: 'negative' },
        headers: stranger.headers,
      });
      expectProblem(rate, 404, 'message_not_found');
      const named = await chat(api, { message: 'hi', visitorId: owner.id }, stranger.headers);
      expectProblem(named, 403, 'forbidden');
      const history = await api.call('GET', `/api/widget/conversations/${id}/messages?widgetId=contract`, {
        headers: owner.headers,
      });
      assert.equal(history.json.messages.length, 2, 'nothing was written into it');
      return [...replies, write, rate, named, history, stranger.reply].map(observe);
    },
  },
  {
    name: 'the visitor’s details: saved by contact, read by me; both need the visitor’s token',
    async run(api) {
      const ana = await visitor(api);
      const saved = await api.call('POST', '/api/widget/contact', {
        body: { widgetId: 'contract', name: 'Ana', email: 'ana@example.com' },
        headers: ana.headers,
      });
      assert.deepEqual(saved.json, { visitorId: ana.id });
      const me = await api.call('GET', `/api/widget/contract/me?visitorId=${ana.id}`, { headers: ana.headers });
      assert.deepEqual(me.json, {
        visitorId: ana.id,
        name: 'Ana',
        email: 'ana@example.com',
        verified: false,
        conversation: null,
      });
      const ben = await visitor(api);
      const fresh = await api.call('GET', '/api/widget/contract/me', { headers: ben.headers });
      assert.deepEqual(fresh.json, { visitorId: ben.id, name: null, email: null, verified: false, conversation: null });
      const snooping = await api.call('GET', `/api/widget/contract/me?visitorId=${ana.id}`, { headers: ben.headers });
      expectProblem(snooping, 403, 'forbidden');
      const overwriting = await api.call('POST', '/api/widget/contact', {
        body: { widgetId: 'contract', visitorId: ana.id, name: 'Mallory' },
        headers: ben.headers,
      });
      expectProblem(overwriting, 403, 'forbidden');
      const noToken = await api.call('POST', '/api/widget/contact', { body: { widgetId: 'contract', name: 'Ana' } });
      expectProblem(noToken, 401, 'unauthorized');
      const badEmail = await api.call('POST', '/api/widget/contact', {
        body: { widgetId: 'contract', email: 'not an email' },
        headers: ana.headers,
      });
      expectProblem(badEmail, 400, 'bad_request', ['email']);
      const meWithout = await api.call('GET', '/api/widget/contract/me');
      expectProblem(meWithout, 401, 'unauthorized');
      return [saved, me, fresh, snooping, overwriting, noToken, badEmail, meWithout].map(observe);
    },
  },
  {
    name: 'feedback on an answer is 204; on something that is not an answer, 404; a bad type, 400',
    async run(api) {
      const answered = await chat(api, { message: 'How does dark mode work?' });
      const headers = { 'X-Visitor-Token': answered.json.visitorToken };
      const feedback = (messageId, type = 'positive') =>
        api.call('POST', '/api/widget/feedback', { body: { widgetId: 'contract', messageId, type }, headers });
      const rated = await feedback(answered.json.messageId);
      assert.equal(rated.status, 204);
      const again = await feedback(answered.json.messageId, 'negative');
      assert.equal(again.status, 204, 'rating again replaces the rating');
      const unknown = await feedback('no-such-message');
      expectProblem(unknown, 404, 'message_not_found');
      const badType = await feedback(answered.json.messageId, 'meh');
      expectProblem(badType, 400, 'bad_request', ['type']);
      return [rated, again, unknown, badType].map(observe);
    },
  },
  {
    name: 'escalation hands the conversation to a person: the bot then answers nothing',
    async run(api) {
      const answered = await chat(api, { message: 'How does dark mode work?' });
      const id = answered.json.conversationId;
      const headers = { 'X-Visitor-Token': answered.json.visitorToken };
      const escalate = (body) =>
        api.call('POST', '/api/widget/escalate', {
          body: { widgetId: 'contract', conversationId: id, email: 'ana@example.com', message: 'Please call', ...body },
          headers,
        });
      const ticket = await escalate({});
      assert.equal(ticket.status, 200);
      assert.match(ticket.json.ticketId, /^T-\d+$/);
      assert.equal(ticket.json.status, 'escalated');
      const twice = await escalate({ message: 'Did you get it?' });
      assert.deepEqual(twice.json, ticket.json, 'one open ticket a conversation');
      const read = await api.call('GET', `/api/widget/conversations/${id}?widgetId=contract`, { headers });
      assert.equal(read.json.status, 'escalated');
      const quiet = await chat(api, { message: 'Hello?', conversationId: id }, headers);
      assert.equal(quiet.status, 202, 'stored for the person, not answered');
      assert.deepEqual(quiet.json, { conversationId: id, messageId: quiet.json.messageId, status: 'escalated' });
      const history = await api.call('GET', `/api/widget/conversations/${id}/messages?widgetId=contract`, { headers });
      assert.deepEqual(
        history.json.messages.map((m) => m.role),
        ['user', 'assistant', 'user'],
        'the visitor’s message is kept for the person',
      );
      const unknown = await escalate({ conversationId: NO_SUCH_CONVERSATION });
      expectProblem(unknown, 404, 'conversation_not_found');
      const badEmail = await escalate({ email: 'nope' });
      expectProblem(badEmail, 400, 'bad_request', ['email']);
      return [ticket, read, quiet, history, unknown, badEmail].map(observe);
    },
  },
];
