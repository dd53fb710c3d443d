import { expect } from '@open-wc/testing';
import {
  ApiCaller,
  AuthenticationError,
  ConnectionError,
  createConfig,
  HttpError,
  OpenCXError,
  RateLimitError,
  SessionNotDefinedError,
  TransportError,
  type ConfigOptions,
} from '../../src/index.js';
import type { AnswerEvent } from '../../src/state/answer-stream.js';
import { rejection } from '../support/async.js';
import { MockApi } from '../support/mock.js';

describe('ApiCaller', () => {
  let mock: MockApi;
  const apiFor = (options: Partial<ConfigOptions> = {}, extra: { timeoutMs?: number } = {}) =>
    new ApiCaller({
      config: createConfig({ widgetId: 'w1', apiUrl: mock.apiUrl, ...options }),
      ...extra,
    });

  beforeEach(() => {
    mock = new MockApi();
  });

  describe('the reference methods', () => {
    it('widgetPrelude() fetches the widget settings and drops unknown fields', async () => {
      // A newer server may send fields this widget does not know.
      const settings = (await (await fetch(`${mock.apiUrl}/api/widget/w1/prelude`)).json()) as object;
      await mock.fault({
        action: 'respond',
        path: '/prelude',
        headers: { 'Content-Type': 'application/json' },
        body: { ...settings, unknownFutureField: 1 },
      });
      const prelude = await apiFor().widgetPrelude();
      expect(prelude).to.include({ widgetId: 'w1', name: 'Test widget', greeting: 'Hi! Ask me anything.' });
      expect(prelude.initialQuestions).to.deep.equal(['How do I install it?', 'Can I change the colours?']);
      expect(prelude).not.to.have.property('unknownFutureField');
      const [, request] = await mock.log();
      expect(request).to.include({ method: 'GET', path: '/api/widget/w1/prelude' });
    });

    it('widgetPrelude() holds the server’s colour and avatar to the page’s own rules: a bad one is ignored, with a warning', async () => {
      const settings = (await (await fetch(`${mock.apiUrl}/api/widget/w1/prelude`)).json()) as object;
      const serve = (primaryColor: unknown, avatarUrl: unknown) =>
        mock.fault({
          action: 'respond',
          path: '/prelude',
          headers: { 'Content-Type': 'application/json' },
          body: { ...settings, primaryColor, bot: { name: 'Ada', avatarUrl } },
        });
      const warnings: unknown[][] = [];
      const warn = console.warn;
      console.warn = (...args: unknown[]) => void warnings.push(args);
      try {
        await serve('url(https://tracker.example/x)', 'javascript:alert(1)');
        const hostile = await apiFor().widgetPrelude();
        expect(hostile.primaryColor).to.equal(undefined);
        expect(hostile.bot.avatarUrl).to.equal(undefined);
        expect(hostile.bot.name).to.equal('Ada');
        expect(warnings.map((w) => w.join(' '))).to.deep.equal([
          '[OpenCX] The server\'s primaryColor "url(https://tracker.example/x)" is not allowed here; it is ignored.',
          '[OpenCX] The server\'s bot.avatarUrl "javascript:alert(1)" is not allowed here; it is ignored.',
        ]);
        await serve('red; background: url(https://tracker.example/y)', 42);
        expect((await apiFor().widgetPrelude()).primaryColor).to.equal(undefined);
        await serve('rebeccapurple', 'https://cdn.example/ada.png');
        const fine = await apiFor().widgetPrelude();
        expect(fine.primaryColor).to.equal('rebeccapurple');
        expect(fine.bot.avatarUrl).to.equal('https://cdn.example/ada.png');
      } finally {
        console.warn = warn;
      }
    });

    it('handleMessage() posts the LaunchChat request and returns the answer with citations', async () => {
      const response = await apiFor().handleMessage({
        content: 'How do I install it?',
        clientMessageId: 'c-1',
        pageUrl: 'https://shop.example/help',
      });
      expect(response).to.include({
        answer: 'You asked: How do I install it?',
        confidenceScore: 0.82,
        wasRefused: false,
      });
      expect(response.conversationId).to.be.a('string').and.not.empty;
      expect(response.citations[0]).to.deep.equal({
        pageId: 'p1',
        pageTitle: 'Getting started',
        pageUrl: 'https://docs.example/start#install',
        excerpt: 'Paste one tag.',
      });
      expect(response.relatedArticles).to.have.length(1);
      const [request] = await mock.log('/api/widget/chat');
      expect(request!.method).to.equal('POST');
      expect(request!.body).to.deep.equal({
        widgetId: 'w1',
        message: 'How do I install it?',
        pageUrl: 'https://shop.example/help',
        clientMessageId: 'c-1',
      });
      expect(request!.headers['idempotency-key']).to.equal('c-1');
      expect(request!.headers['x-visitor-token']).to.match(/^v_[\w-]{22}\./);
      expect(request!.headers['content-type']).to.equal('application/json');
    });

    it('createSession(), getSession() and getSessionHistory(id, after) speak the session API', async () => {
      const api = apiFor();
      const created = await api.createSession();
      expect(created.status).to.equal('bot');
      expect(await api.getSession(created.conversationId)).to.deep.include({
        conversationId: created.conversationId,
        status: 'bot',
      });

      await api.handleMessage({ content: 'first', conversationId: created.conversationId });
      const all = await api.getSessionHistory(created.conversationId);
      expect(all.messages.map((m) => [m.role, m.content])).to.deep.equal([
        ['user', 'first'],
        ['assistant', 'You asked: first'],
      ]);
      const newer = await api.getSessionHistory(created.conversationId, all.messages[0]!.createdAt);
      expect(newer.messages.map((m) => m.content)).to.deep.equal(['You asked: first']);

      const requests = await mock.log('/conversations/');
      expect(requests.at(-1)!.query).to.deep.equal({ widgetId: 'w1', after: all.messages[0]!.createdAt });
      expect(requests[0]!.query).to.deep.equal({ widgetId: 'w1' });
    });

    it('me() asks about the current visitor', async () => {
      const api = apiFor();
      await api.upsertContact({ name: 'Ana', email: 'ana@example.com', customData: { plan: 'pro' } });
      const visitorId = api.visitorId!;
      expect(await api.me()).to.deep.equal({ visitorId, name: 'Ana', email: 'ana@example.com', conversation: null });
      const [contact] = (await mock.state()).contacts;
      expect(contact).to.deep.equal({
        widgetId: 'w1',
        name: 'Ana',
        email: 'ana@example.com',
        customData: { plan: 'pro' },
        visitorId,
      });
    });

    it('sendFeedback() and escalate() post their additions', async () => {
      const api = apiFor();
      const { conversationId, messageId } = await api.handleMessage({ content: 'hi' });
      expect(await api.sendFeedback({ messageId, type: 'negative', comment: 'Too short' })).to.equal(undefined);
      const ticket = await api.escalate({ conversationId, email: 'ana@example.com', message: 'Please call me' });
      expect(ticket).to.deep.equal({ ticketId: 'T-1', status: 'escalated' });
      const state = await mock.state();
      expect(state.feedback).to.deep.equal([{ widgetId: 'w1', messageId, type: 'negative', comment: 'Too short' }]);
      expect(state.tickets[0]).to.include({ conversationId, email: 'ana@example.com', message: 'Please call me' });
      expect(state.conversations[0]!.status).to.equal('escalated');
    });
  });

  describe('the visitor', () => {
    it('is asked of the server once, before the first call that needs it, and presented on every call but the prelude', async () => {
      const kept: unknown[] = [];
      const api = new ApiCaller({
        config: createConfig({ widgetId: 'w1', apiUrl: mock.apiUrl }),
        onVisitor: (visitor) => kept.push(visitor),
      });
      await api.widgetPrelude();
      expect(api.visitorId).to.equal(undefined);
      const [a, b] = await Promise.all([api.createSession(), api.createSession()]);
      await api.handleMessage({ content: 'hi', conversationId: a.conversationId });
      await api.getSessionHistory(b.conversationId);
      const requests = await mock.log();
      expect(requests.filter((r) => r.path === '/api/widget/visitors')).to.have.length(1);
      expect(kept).to.have.length(1);
      const { visitorId, visitorToken } = kept[0] as { visitorId: string; visitorToken: string };
      expect(api.visitorId).to.equal(visitorId);
      for (const request of requests) {
        const presented =
          request.path.endsWith('/prelude') || request.path.endsWith('/visitors') ? undefined : visitorToken;
        expect(request.headers['x-visitor-token'], request.path).to.equal(presented);
      }
    });

    it('a kept visitor is taken up; user.external_id is never the visitor, only data sent with the contact details', async () => {
      const first = apiFor({ user: { external_id: 'customer-1234' } });
      const { conversationId } = await first.handleMessage({ content: 'hi' });
      const kept = await first.visitor();
      expect(kept.visitorId).to.not.equal('customer-1234');
      const next = apiFor({ user: { external_id: 'customer-1234' } });
      next.adoptVisitor(kept);
      const history = await next.getSessionHistory(conversationId);
      expect(history.messages).to.have.length(2);
      expect((await mock.log('/api/widget/visitors')).length).to.equal(1, 'no second visitor');
      const stranger = apiFor({ user: { external_id: 'customer-1234' } });
      const refused = await rejection(stranger.getSessionHistory(conversationId));
      expect(refused).to.be.instanceOf(SessionNotDefinedError);
    });

    it('a token the server no longer takes is replaced by a new visitor, once', async () => {
      const api = apiFor();
      api.adoptVisitor({ visitorId: `v_${'A'.repeat(22)}`, visitorToken: 'revoked.token' });
      const session = await api.createSession();
      expect(session.status).to.equal('bot');
      expect(api.visitorId)
        .to.match(/^v_/)
        .and.not.equal(`v_${'A'.repeat(22)}`);
      const statuses = (await mock.log('/api/widget/conversations')).map((r) => r.headers['x-visitor-token']);
      expect(statuses).to.deep.equal(['revoked.token', (await api.visitor()).visitorToken]);
    });
  });

  describe('configured request parts', () => {
    it('sends headers, query params, path params and the contact token on every request', async () => {
      const [origin, ns] = mock.apiUrl.split('/mock/');
      const api = new ApiCaller({
        config: createConfig({
          widgetId: 'w1',
          apiUrl: `${origin}/{root}/${ns}`,
          pathParams: { root: 'mock' },
          headers: { 'X-Tenant': 'acme' },
          queryParams: { region: 'eu' },
          contactToken: 'tok-123',
        }),
      });
      await api.widgetPrelude();
      await api.getSession((await api.createSession()).conversationId);
      const requests = await mock.log();
      expect(requests.map((r) => r.path)).to.deep.equal([
        '/api/widget/w1/prelude',
        '/api/widget/visitors',
        '/api/widget/conversations',
        `/api/widget/conversations/${requests[3]!.path.split('/').at(-1)}`,
      ]);
      for (const request of requests) {
        expect(request.headers['x-tenant']).to.equal('acme');
        expect(request.headers.authorization).to.equal('Bearer tok-123');
        expect(request.query.region).to.equal('eu');
        expect(request.headers.cookie).to.equal(undefined);
      }
    });
  });

  describe('failures become the reference error classes', () => {
    it('no network: ConnectionError', async () => {
      // Firefox quietly re-sends a GET whose connection dies: cut every attempt.
      await mock.fault({ action: 'drop', path: '/prelude', times: 10 });
      const error = await rejection(apiFor().widgetPrelude());
      expect(error).to.be.instanceOf(ConnectionError);
      expect((error as ConnectionError).code).to.equal('network_error');
    });

    it('nothing listening: ConnectionError', async () => {
      const api = new ApiCaller({ config: createConfig({ widgetId: 'w1', apiUrl: 'http://127.0.0.1:1' }) });
      expect(await rejection(api.widgetPrelude())).to.be.instanceOf(ConnectionError);
    });

    it('401: AuthenticationError with the server’s code and message', async () => {
      await mock.refuse(401, 'invalid_token', { message: 'The contact token expired.' });
      const error = (await rejection(apiFor().me())) as AuthenticationError;
      expect(error).to.be.instanceOf(AuthenticationError);
      expect(error).to.include({ code: 'invalid_token', message: 'The contact token expired.', status: 401 });
    });

    it('403 keeps origin_not_allowed', async () => {
      const error = (await rejection(apiFor({ widgetId: 'foreign-widget' }).widgetPrelude())) as AuthenticationError;
      expect(error).to.be.instanceOf(AuthenticationError);
      expect(error).to.include({
        code: 'origin_not_allowed',
        status: 403,
        message: 'This website may not use this widget.',
      });
    });

    it('unknown conversation: SessionNotDefinedError', async () => {
      const api = apiFor();
      const unknown = '00000000-0000-4000-8000-000000000000';
      for (const call of [
        api.getSession(unknown),
        api.getSessionHistory(unknown),
        api.handleMessage({ content: 'x', conversationId: unknown }),
      ]) {
        const error = (await rejection(call)) as SessionNotDefinedError;
        expect(error).to.be.instanceOf(SessionNotDefinedError);
        expect(error.code).to.equal('conversation_not_found');
      }
    });

    it('unknown widget: HttpError with widget_not_found', async () => {
      const error = (await rejection(apiFor({ widgetId: 'unknown-widget' }).widgetPrelude())) as HttpError;
      expect(error).to.be.instanceOf(HttpError);
      expect(error).to.include({ code: 'widget_not_found', status: 404 });
    });

    it('400 keeps the details naming the fields', async () => {
      const error = (await rejection(apiFor().handleMessage({ content: 'x'.repeat(4001) }))) as HttpError;
      expect(error).to.include({ code: 'bad_request', status: 400 });
      expect(error.details).to.deep.equal({ fields: ['message'] });
    });

    it('429: RateLimitError carrying the Retry-After delay', async () => {
      await mock.refuse(429, 'rate_limited', { message: 'Slow down.', headers: { 'Retry-After': '7' } });
      const error = (await rejection(apiFor().handleMessage({ content: 'hi' }))) as RateLimitError;
      expect(error).to.be.instanceOf(RateLimitError);
      expect(error).to.include({ code: 'rate_limited', retryAfterMs: 7000, status: 429 });
    });

    it('a Retry-After date is read too', async () => {
      const at = new Date(Date.now() + 60_000).toUTCString();
      await mock.refuse(503, 'internal', { message: 'Busy.', headers: { 'Retry-After': at } });
      const error = (await rejection(apiFor().widgetPrelude())) as HttpError;
      expect(error.retryAfterMs).to.be.within(55_000, 60_000);
    });

    it('a Retry-After date is read against the server’s clock, whatever the device’s says', async () => {
      for (const skew of [-86_400_000, 86_400_000]) {
        const server = Date.now() + skew;
        await mock.refuse(503, 'internal', {
          message: 'Busy.',
          headers: { Date: new Date(server).toUTCString(), 'Retry-After': new Date(server + 60_000).toUTCString() },
        });
        const error = (await rejection(apiFor().widgetPrelude())) as HttpError;
        expect(error.retryAfterMs, `server clock ${skew / 3_600_000} h off`).to.be.within(59_000, 61_000);
      }
    });

    it('500 with the documented JSON: HttpError keeping code and message', async () => {
      await mock.refuse(500, 'internal', { message: 'Something broke.' });
      const error = (await rejection(apiFor().widgetPrelude())) as HttpError;
      expect(error).to.be.instanceOf(HttpError);
      expect(error).to.include({ code: 'internal', message: 'Something broke.', status: 500 });
    });

    it('a captive portal’s HTML page: TransportError', async () => {
      await mock.fault({
        action: 'respond',
        status: 200,
        headers: { 'Content-Type': 'text/html' },
        body: '<html><body>Log in to the Wi-Fi</body></html>',
      });
      const error = (await rejection(apiFor().widgetPrelude())) as TransportError;
      expect(error).to.be.instanceOf(TransportError);
      expect(error.code).to.equal('invalid_response');
      expect(error.message).to.contain('text/html');
    });

    it('an HTML error page from a proxy: TransportError with the status', async () => {
      await mock.fault({
        action: 'respond',
        status: 502,
        headers: { 'Content-Type': 'text/html' },
        body: '<h1>Bad gateway</h1>',
      });
      const error = (await rejection(apiFor().widgetPrelude())) as TransportError;
      expect(error).to.be.instanceOf(TransportError);
      expect(error).to.include({ status: 502, code: 'http_502' });
    });

    it('a truncated JSON body: TransportError', async () => {
      await mock.fault({ action: 'truncate', path: '/chat' });
      const error = (await rejection(apiFor().handleMessage({ content: 'hi' }))) as TransportError;
      expect(error).to.be.instanceOf(TransportError);
      expect(error.message).to.contain('not valid JSON');
    });

    it('a body cut off mid-transfer: TransportError', async () => {
      await mock.fault({ action: 'cut-body', path: '/chat' });
      const error = await rejection(apiFor().handleMessage({ content: 'hi' }));
      expect(error).to.be.instanceOf(TransportError);
    });

    it('JSON of the wrong shape: TransportError naming the field', async () => {
      await mock.fault({
        action: 'respond',
        path: '/chat',
        body: {
          conversationId: 'c',
          messageId: 'm',
          answer: 'ok',
          citations: [{ pageId: 'p', pageTitle: 'T', pageUrl: 42, excerpt: '' }],
          confidenceScore: 0.5,
          wasRefused: false,
        },
      });
      const error = (await rejection(apiFor().handleMessage({ content: 'hi' }))) as TransportError;
      expect(error).to.be.instanceOf(TransportError);
      expect(error.message).to.contain('"citations.0.pageUrl"');
    });

    it('a confidence outside 0..1 is not trusted', async () => {
      await mock.fault({
        action: 'respond',
        body: { conversationId: 'c', messageId: 'm', answer: 'ok', confidenceScore: 7, wasRefused: false },
      });
      expect(await rejection(apiFor().handleMessage({ content: 'hi' }))).to.be.instanceOf(TransportError);
    });

    it('every error is an OpenCXError', async () => {
      const api = apiFor();
      await mock.fault({ action: 'drop', times: 10 });
      expect(await rejection(api.widgetPrelude())).to.be.instanceOf(OpenCXError);
      await mock.fault({ action: 'respond', status: 500, body: 'oops' });
      expect(await rejection(api.widgetPrelude())).to.be.instanceOf(OpenCXError);
    });
  });

  describe('aborting and timing out', () => {
    it('an aborted request rejects with the abort reason, not a widget error', async () => {
      await mock.fault({ action: 'delay', ms: 2000 });
      const controller = new AbortController();
      const call = apiFor().widgetPrelude({ signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      const error = await rejection(call);
      expect(error.name).to.equal('AbortError');
      expect(error).not.to.be.instanceOf(OpenCXError);
    });

    it('an already aborted signal sends nothing', async () => {
      const controller = new AbortController();
      controller.abort();
      expect((await rejection(apiFor().widgetPrelude({ signal: controller.signal }))).name).to.equal('AbortError');
      expect(await mock.log()).to.have.length(0);
    });

    it('a slow server times out as a ConnectionError', async () => {
      await mock.fault({ action: 'delay', ms: 2000 });
      const error = (await rejection(apiFor({}, { timeoutMs: 200 }).widgetPrelude())) as ConnectionError;
      expect(error).to.be.instanceOf(ConnectionError);
      expect(error.code).to.equal('timeout');
    });
  });

  describe('streamMessage(): the answer as it is written', () => {
    const ANSWER = {
      conversationId: 'c1',
      messageId: 'm1',
      answer: 'Hello there [1].',
      citations: [],
      relatedArticles: [],
      confidenceScore: 0.8,
      wasRefused: false,
    };
    const sse = (...events: [string, unknown][]) =>
      events.map(([event, data]) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`).join('');
    const collect = (api: ApiCaller) =>
      new Promise<{ events: AnswerEvent[]; error?: Error }>((resolve) => {
        const events: AnswerEvent[] = [];
        api.streamMessage({ content: 'hi', clientMessageId: 'k1' }).subscribe({
          next: (event) => events.push(event),
          error: (error: Error) => resolve({ events, error }),
          complete: () => resolve({ events }),
        });
      });
    const streamed = (body: string, headers: Record<string, string> = {}) =>
      mock.fault({
        action: 'respond',
        path: '/chat',
        headers: {
          'Content-Type': 'text/event-stream',
          'X-Conversation-Id': 'c1',
          'Access-Control-Expose-Headers': 'X-Conversation-Id',
          ...headers,
        },
        body,
      });

    it('asks for a stream and emits start, each piece, then the whole response', async () => {
      await streamed(sse(['delta', { text: 'Hello ' }], ['delta', { text: 'there [1].' }], ['done', ANSWER]));
      const { events, error } = await collect(apiFor());
      expect(error).to.equal(undefined);
      expect(events).to.deep.equal([
        { type: 'start', conversationId: 'c1' },
        { type: 'delta', text: 'Hello ' },
        { type: 'delta', text: 'there [1].' },
        { type: 'done', response: ANSWER },
      ]);
      const chat = (await mock.log()).find((r) => r.path === '/api/widget/chat')!;
      expect(chat.headers.accept).to.contain('text/event-stream');
      expect(chat.headers['idempotency-key']).to.equal('k1');
    });

    it('takes a JSON answer instead (a proxy that turned the stream into one piece): start, then done', async () => {
      const { events } = await collect(apiFor());
      expect(events.map((e) => e.type)).to.deep.equal(['start', 'done']);
    });

    it('an error event after the stream began rejects with the server’s documented error', async () => {
      const problem = { error: { code: 'internal', message: 'The server failed.' } };
      await streamed(sse(['delta', { text: 'Hel' }], ['error', problem]));
      const { events, error } = await collect(apiFor());
      expect(events.map((e) => e.type)).to.deep.equal(['start', 'delta']);
      expect(error).to.be.instanceOf(HttpError);
      expect((error as HttpError).code).to.equal('internal');
    });

    it('a stream that ends without its done event is cut off: a TransportError that may be retried', async () => {
      await streamed(sse(['delta', { text: 'Hel' }]));
      const { error } = await collect(apiFor());
      expect(error).to.be.instanceOf(TransportError);
      expect((error as TransportError).code).to.equal('incomplete_response');
    });

    it('a done event whose response is not the documented one is a TransportError naming the field', async () => {
      await streamed(sse(['done', { ...ANSWER, confidenceScore: 7 }]));
      const { error } = await collect(apiFor());
      expect(error).to.be.instanceOf(TransportError);
      expect(error!.message).to.contain('confidenceScore');
    });

    it('unsubscribing aborts the request', async () => {
      await mock.fault({ action: 'delay', ms: 2000, path: '/chat' });
      const events: AnswerEvent[] = [];
      const subscription = apiFor()
        .streamMessage({ content: 'hi' })
        .subscribe((e) => events.push(e));
      await new Promise((resolve) => setTimeout(resolve, 100));
      subscription.unsubscribe();
      await new Promise((resolve) => setTimeout(resolve, 2300));
      expect(events).to.have.length(0);
    });
  });
});
