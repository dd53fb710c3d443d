import { expect } from '@open-wc/testing';
import {
  ApiCaller,
  createChat,
  createConfig,
  createMemoryStorage,
  type Chat,
  type ChatState,
  type ConfigOptions,
  type CreateChatOptions,
  type MessageType,
  type Platform,
  type PlatformStorage,
  type Visitor,
} from '../../src/index.js';
import { MAX_STORED_MESSAGES, storageKeys } from '../../src/state/persistence.js';
import { rejection, waitUntil } from '../support/async.js';
import { fakeClock, nextTimer, timerDue, type Clock } from '../support/clock.js';
import { MockApi } from '../support/mock.js';
import { watchedNetwork, type Network } from '../support/network.js';

/** A platform fact the test flips by hand, counting its listeners to catch leaks. */
function manualSignal(initial: boolean) {
  let value = initial;
  const listeners = new Set<(v: boolean) => void>();
  return {
    get: () => value,
    subscribe(listener: (v: boolean) => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    set(next: boolean) {
      value = next;
      listeners.forEach((l) => l(next));
    },
    get listeners() {
      return listeners.size;
    },
  };
}

const roles = (state: ChatState) => state.messages.map((m) => `${m.role}:${m.content}`);

/** The default policy's first waits, before jitter: 1 s, doubling each attempt, capped at 30 s. */
const backoff = (attempt: number) => Math.min(30_000, 1000 * 2 ** (attempt - 1));

describe('createChat', () => {
  let mock: MockApi;
  let chats: Chat[];
  let storage: PlatformStorage;
  let visibility: ReturnType<typeof manualSignal>;
  let network: ReturnType<typeof manualSignal>;
  // The store's timers run on fake time, stepped by the tests; its requests go over real HTTP.
  let clock: Clock;
  let net: Network;
  let visitor: Visitor;

  function start(
    options: Partial<ConfigOptions> = {},
    extra: Partial<CreateChatOptions> & { platform?: Partial<Platform> } = {},
  ): Chat {
    const { platform: overrides, ...rest } = extra;
    const config = createConfig({ widgetId: 'w1', apiUrl: mock.apiUrl, ...options });
    const platform: Platform = {
      env: { platform: 'web' },
      storage,
      logger: { enabled: false },
      visibility,
      network,
      ...overrides,
    };
    // The default retry policy and polling interval: fake time makes their real waits free.
    // The server's visitor is made before: these tests step through the outbox's timers, and a
    // first request for a visitor would be one more request to wait out (api.test.ts tests it).
    const api = new ApiCaller({ config, fetch: net.fetch, visitor: config.widgetId === 'w1' ? visitor : undefined });
    const chat = createChat({ api, config, platform, ...rest });
    chats.push(chat);
    return chat;
  }

  beforeEach(async () => {
    mock = new MockApi();
    chats = [];
    storage = createMemoryStorage();
    visibility = manualSignal(true);
    network = manualSignal(true);
    net = watchedNetwork();
    visitor = await new ApiCaller({ config: createConfig({ widgetId: 'w1', apiUrl: mock.apiUrl }) }).visitor();
    clock = fakeClock();
  });

  afterEach(() => {
    chats.forEach((chat) => chat.destroy());
    clock.uninstall();
  });

  describe('state', () => {
    it('emits the reference state on subscribe, then the prelude’s quick replies', async () => {
      const chat = start();
      const seen: ChatState[] = [];
      const subscription = chat.state$.subscribe((s) => seen.push(s));
      expect(seen).to.have.length(1);
      expect(seen[0]).to.deep.include({
        messages: [],
        keyboard: null,
        loading: { isLoading: false, reason: null },
        error: { hasError: false },
        session: null,
        unreadCount: 0,
        ready: false,
      });
      await chat.ready;
      subscription.unsubscribe();
      expect(chat.getState().keyboard).to.deep.equal({
        options: ['How do I install it?', 'Can I change the colours?'],
      });
      expect(chat.getState().prelude?.name).to.equal('Test widget');
      expect(chat.getState().ready).to.be.true;
    });

    it('select() emits a slice only when it changes', async () => {
      const chat = start();
      const counts: number[] = [];
      chat.select((s) => s.messages.length).subscribe((n) => counts.push(n));
      await chat.ready;
      await chat.sendMessage({ content: 'hello' });
      expect(counts).to.deep.equal([0, 1, 2]);
    });

    it('asks for the settings again after a failure that may pass, and clears the error', async () => {
      await mock.refuse(503, 'internal', { path: '/prelude', message: 'Busy.' });
      const chat = start();
      await chat.ready;
      expect(chat.getState().error).to.include({ hasError: true, cause: 'internal', status: 503 });
      expect(chat.getState().prelude).to.equal(null);
      const waited = await nextTimer(clock, net.idle, 'the store waits to ask again');
      expect(waited, 'the first retry waits half to all of 1 s').to.be.within(backoff(1) / 2, backoff(1));
      await waitUntil(() => chat.getState().prelude !== null, 'the settings arrived on a retry');
      expect(chat.getState().error.hasError).to.be.false;
      expect(chat.getState().keyboard?.options).to.have.length(2);
    });

    it('shows a prelude failure in the state and is still ready', async () => {
      const chat = start({ widgetId: 'unknown-widget' });
      await chat.ready;
      expect(chat.getState().error).to.include({ hasError: true, cause: 'widget_not_found' });
      expect(chat.getState().ready).to.be.true;
    });
  });

  describe('sendMessage', () => {
    it('shows the message at once as pending, then sent, followed by the cited answer', async () => {
      const chat = start();
      await chat.ready;
      const reasons: (string | null)[] = [];
      chat.select((s) => s.loading.reason).subscribe((r) => reasons.push(r));
      const answered = chat.sendMessage({ content: '  How do I install it?  ' });
      const [mine] = chat.getState().messages;
      expect(mine).to.include({ role: 'user', content: 'How do I install it?', status: 'pending' });
      expect(chat.getState().keyboard).to.equal(null);

      const answer = await answered;
      const state = chat.getState();
      expect(roles(state)).to.deep.equal(['user:How do I install it?', 'assistant:You asked: How do I install it?']);
      expect(state.messages[0]!.status).to.equal('sent');
      expect(answer).to.deep.equal(state.messages[1]);
      expect(answer).to.deep.include({ confidenceScore: 0.82, wasRefused: false });
      expect(answer!.citations![0]).to.include({
        pageTitle: 'Getting started',
        pageUrl: 'https://docs.example/start#install',
      });
      expect(answer!.relatedArticles).to.have.length(1);
      expect(state.session?.status).to.equal('bot');
      expect(state.unreadCount).to.equal(1);
      expect(reasons).to.deep.equal([null, 'sending_message_to_bot', null]);
    });

    it('uses the message id as idempotency key and keeps the conversation', async () => {
      const chat = start();
      await chat.sendMessage({ content: 'one' });
      await chat.sendMessage({ content: 'two' });
      const [first, second] = await mock.log('/api/widget/chat');
      const [u1, , u2] = chat.getState().messages;
      expect(first!.headers['idempotency-key']).to.equal(u1!.id);
      expect(first!.body!.clientMessageId).to.equal(u1!.id);
      expect(first!.body!.conversationId).to.equal(undefined);
      expect(second!.body!.conversationId).to.equal(chat.getState().session!.id);
      expect(second!.headers['idempotency-key']).to.equal(u2!.id);
      expect(first!.headers['x-visitor-token']).to.be.a('string').and.equal(second!.headers['x-visitor-token']);
      expect(first!.body!.pageUrl).to.equal(location.origin + location.pathname);
    });

    it('rejects empty and over-long messages with a clear error, sending nothing', async () => {
      const chat = start();
      expect((await rejection(chat.sendMessage({ content: '   ' }))).code).to.equal('invalid_message');
      expect((await rejection(chat.sendMessage({ content: 'x'.repeat(4001) }))).code).to.equal('message_too_long');
      expect(chat.getState().messages).to.have.length(0);
      expect(await mock.log('/chat')).to.have.length(0);
    });

    it('keeps the order of messages typed while an answer is slow', async () => {
      const chat = start();
      await chat.ready;
      const release = net.hold('/api/widget/chat'); // the first answer is slow
      const first = chat.sendMessage({ content: 'first' });
      const second = chat.sendMessage({ content: 'second' });
      expect(chat.getState().messages.map((m) => m.status)).to.deep.equal(['pending', 'pending']);
      await waitUntil(async () => (await mock.log('/api/widget/chat')).length === 1, 'the first reached the server');
      expect(net.started('/api/widget/chat'), 'one at a time').to.have.length(1);
      release();
      await Promise.all([first, second]);
      expect(roles(chat.getState())).to.deep.equal([
        'user:first',
        'assistant:You asked: first',
        'user:second',
        'assistant:You asked: second',
      ]);
      expect((await mock.log('/api/widget/chat')).map((r) => r.body!.message)).to.deep.equal(['first', 'second']);
    });
  });

  describe('the outbox', () => {
    it('retries a lost connection with the same key until it is sent, storing it once', async () => {
      const chat = start();
      await chat.ready;
      await mock.fault({ action: 'drop', path: '/api/widget/chat', method: 'POST', times: 2 });
      const sent = chat.sendMessage({ content: 'are you there?' });
      await nextTimer(clock, net.idle, 'the first retry is due');
      await nextTimer(clock, net.idle, 'the second retry is due');
      await sent;
      const requests = await mock.log('/api/widget/chat');
      expect(requests).to.have.length(3);
      expect(new Set(requests.map((r) => r.headers['idempotency-key'])).size).to.equal(1);
      expect(roles(chat.getState())).to.deep.equal(['user:are you there?', 'assistant:You asked: are you there?']);
      const [conversation] = (await mock.state()).conversations;
      expect(conversation!.messages).to.have.length(2);
    });

    it('retries after a 500', async () => {
      const chat = start();
      await mock.refuse(500, 'internal', { path: '/chat', message: 'Oops.' });
      const sent = chat.sendMessage({ content: 'hi' });
      await nextTimer(clock, net.idle, 'the retry is due');
      await sent;
      expect(await mock.log('/chat')).to.have.length(2);
      expect(chat.getState().messages[0]!.status).to.equal('sent');
      expect(chat.getState().error.hasError).to.be.false;
    });

    it('waits at least as long as Retry-After says', async () => {
      const chat = start();
      // Longer than any first backoff (at most 1 s), so only Retry-After explains the wait.
      await mock.refuse(429, 'rate_limited', { path: '/chat', message: 'Slow down.', headers: { 'Retry-After': '7' } });
      const sent = chat.sendMessage({ content: 'hi' });
      const waited = await nextTimer(clock, net.idle, 'the retry is due');
      await sent;
      expect(waited).to.be.at.least(7000);
      expect(await mock.log('/chat')).to.have.length(2);
    });

    it('does not retry a 400; the message is failed and can be retried', async () => {
      const chat = start();
      await mock.refuse(400, 'bad_request', { path: '/chat', message: 'No.' });
      const error = await rejection(chat.sendMessage({ content: 'please' }));
      expect(error.code).to.equal('bad_request');
      expect(await mock.log('/chat')).to.have.length(1);
      const [failed] = chat.getState().messages;
      expect(failed).to.deep.include({
        status: 'failed',
        content: 'please',
        error: { code: 'bad_request', message: 'No.' },
      });
      expect(chat.getState().error).to.include({ hasError: true, code: 'MESSAGE_SEND_FAILED', cause: 'bad_request' });

      const answer = await chat.retryMessage(failed!.id);
      expect(answer?.content).to.equal('You asked: please');
      expect(chat.getState().messages[0]).to.include({ id: failed!.id, status: 'sent' });
      expect(chat.getState().error.hasError).to.be.false;
    });

    it('does not retry a 403, and gives up after maxAttempts on a dead network', async () => {
      const chat = start();
      await mock.refuse(403, 'origin_not_allowed', { path: '/chat', message: 'No.' });
      expect((await rejection(chat.sendMessage({ content: 'a' }))).code).to.equal('origin_not_allowed');
      expect(await mock.log('/chat')).to.have.length(1);

      await mock.fault({ action: 'drop', path: '/chat', times: 50 });
      const failed = rejection(chat.sendMessage({ content: 'b' }));
      for (let retry = 1; retry <= 5; retry++) await nextTimer(clock, net.idle, `retry ${retry} is due`);
      expect((await failed).code).to.equal('network_error');
      expect(await mock.log('/chat')).to.have.length(1 + 6);
      expect(chat.getState().messages.map((m) => m.status)).to.deep.equal(['failed', 'failed']);
      expect(clock.countTimers(), 'nothing is scheduled once it gave up').to.equal(0);
    });

    it('backs off twice as long after each failure, with jitter, up to 30 s', async () => {
      const chat = start({}, { retry: { maxAttempts: 8 } });
      await chat.ready;
      await mock.fault({ action: 'drop', path: '/chat', times: 7 });
      const sent = chat.sendMessage({ content: 'anyone?' });
      const waits: number[] = [];
      for (let attempt = 1; attempt <= 7; attempt++) waits.push(await nextTimer(clock, net.idle, `retry ${attempt}`));
      await sent;
      // Half fixed, half random: each wait lies between half and all of its backoff (1, 2, 4, 8, 16, 30, 30 s).
      waits.forEach((ms, i) => expect(ms, `wait ${i + 1}`).to.be.within(backoff(i + 1) / 2, backoff(i + 1)));
      expect(backoff(7)).to.equal(30_000);
      expect(await mock.log('/chat')).to.have.length(8);
    });

    it('moves a retried message after the ones sent meanwhile', async () => {
      const chat = start();
      await mock.refuse(400, 'bad_request', { path: '/chat', message: 'No.' });
      await rejection(chat.sendMessage({ content: 'first' }));
      await chat.sendMessage({ content: 'second' });
      await chat.retryMessage(chat.getState().messages[0]!.id);
      expect(roles(chat.getState())).to.deep.equal([
        'user:second',
        'assistant:You asked: second',
        'user:first',
        'assistant:You asked: first',
      ]);
    });

    it('answers a duplicate delivery once: the response was lost, the retry gets the stored answer', async () => {
      const chat = start();
      await mock.fault({ action: 'drop-after', path: '/api/widget/chat' });
      let settled = false;
      const sent = chat.sendMessage({ content: 'did you get this?' }).finally(() => (settled = true));
      // The store retries after its backoff; a browser may resend the POST itself first, on a
      // reused connection that dropped (WebKit does). Either way the server answers it once.
      await waitUntil(() => settled || (clock.countTimers() > 0 && net.idle()), 'a retry is due or sent');
      if (!settled) await clock.nextAsync();
      const answer = await sent;
      expect(await mock.log('/api/widget/chat')).to.have.length(2);
      const server = await mock.state();
      expect(server.answered).to.equal(1);
      expect(server.conversations).to.have.length(1);
      expect(server.conversations[0]!.messages.map((m) => m.role)).to.deep.equal(['user', 'assistant']);
      expect(roles(chat.getState())).to.deep.equal([
        'user:did you get this?',
        'assistant:You asked: did you get this?',
      ]);
      expect(answer!.id).to.equal(server.conversations[0]!.messages[1]!.messageId);
    });

    it('waits for the device to be online instead of spending attempts', async () => {
      network.set(false);
      const chat = start();
      await chat.ready;
      const answered = chat.sendMessage({ content: 'offline hello' });
      await clock.tickAsync(10 * 60_000); // ten minutes offline
      expect(net.started('/chat')).to.have.length(0);
      expect(await mock.log('/chat')).to.have.length(0);
      expect(chat.getState().messages[0]!.status).to.equal('pending');
      network.set(true);
      await answered;
      expect(await mock.log('/chat')).to.have.length(1);
    });

    it('says why a pending message waits: offline, asked to wait, or about to try again; storage keeps none of it', async () => {
      const chat = start();
      await chat.ready;
      const waiting = () => chat.getState().messages[0]!.waiting;

      network.set(false);
      const sent = chat.sendMessage({ content: 'are you there?' });
      await waitUntil(() => waiting() === 'offline', 'it says it waits for a connection');
      expect(chat.getState().messages[0]!.status).to.equal('pending');
      const stored = await storage.getItem('opencx:w1:chat');
      expect(stored, 'stored').to.contain('are you there?');
      expect(stored, 'why it waited is not stored').not.to.contain('waiting');

      await mock.refuse(429, 'rate_limited', { path: '/chat', message: 'Slow down.', headers: { 'Retry-After': '7' } });
      network.set(true);
      await waitUntil(() => waiting() === 'rate_limited', 'it says the server asked it to wait');
      await mock.fault({ action: 'drop', path: '/chat' });
      await nextTimer(clock, net.idle, 'the wait the server asked for');
      await waitUntil(() => waiting() === 'retrying', 'it says it will try again');
      await nextTimer(clock, net.idle, 'the next attempt');
      await sent;
      expect(chat.getState().messages[0]).to.include({ status: 'sent', waiting: undefined });
    });

    it('sends a message that ran out of attempts again, without a click, once the device is back online or the page is seen', async () => {
      const chat = start({}, { retry: { maxAttempts: 2 } });
      await chat.ready;
      // A refusal that no retry can change is not sent again.
      await mock.refuse(403, 'origin_not_allowed', { path: '/chat', message: 'No.' });
      await rejection(chat.sendMessage({ content: 'two' }));
      await mock.fault({ action: 'drop', path: '/chat', times: 4 });
      const first = rejection(chat.sendMessage({ content: 'one' }));
      await nextTimer(clock, net.idle, 'its second attempt');
      expect((await first).code).to.equal('network_error');
      expect(chat.getState().messages.map((m) => m.status)).to.deep.equal(['failed', 'failed']);
      const one = () => chat.getState().messages.find((m) => m.content === 'one')!;

      network.set(false);
      network.set(true); // back online: 'one' goes again, and fails twice more (the network still drops it)
      await waitUntil(() => one().status === 'pending', 'sent again');
      await nextTimer(clock, net.idle, 'its second attempt');
      await waitUntil(() => one().status === 'failed', 'failed again');

      visibility.set(false);
      visibility.set(true); // the visitor comes back to the page: again, and this time it goes
      await waitUntil(() => chat.getState().messages.some((m) => m.content === 'You asked: one'), 'answered');
      expect(roles(chat.getState())).to.deep.equal(['user:two', 'user:one', 'assistant:You asked: one']);
      expect(chat.getState().messages.map((m) => m.status)).to.deep.equal(['failed', 'sent', undefined]);
      // 'two' once; 'one' twice, twice again when back online, and once when the page was seen.
      expect(await mock.log('/chat')).to.have.length(1 + 2 + 2 + 1);
    });

    it('a message resumed after others were sent goes as the newest, in the order the server sees', async () => {
      const chat = start({}, { retry: { maxAttempts: 2 } });
      await chat.ready;
      await mock.fault({ action: 'drop', path: '/chat', times: 2 });
      const first = rejection(chat.sendMessage({ content: 'one' }));
      await nextTimer(clock, net.idle, 'its second attempt');
      await first;
      await chat.sendMessage({ content: 'two' });
      network.set(false);
      network.set(true);
      await waitUntil(() => chat.getState().messages.length === 4, 'one answered too');
      expect(roles(chat.getState())).to.deep.equal([
        'user:two',
        'assistant:You asked: two',
        'user:one',
        'assistant:You asked: one',
      ]);
    });

    it('writes the message to storage before its request leaves', async () => {
      const memory = createMemoryStorage();
      let release = () => {};
      const held = new Promise<void>((r) => (release = r));
      let writesHeld = 0;
      storage = {
        getItem: (k) => memory.getItem(k),
        removeItem: (k) => memory.removeItem(k),
        async setItem(k, v) {
          if (k.endsWith(':chat') && v.includes('written first')) {
            writesHeld += 1;
            await held;
          }
          await memory.setItem(k, v);
        },
      };
      const chat = start();
      const answered = chat.sendMessage({ content: 'written first' });
      await waitUntil(() => writesHeld > 0, 'the write started');
      // By now a request sent without waiting for the write would have started: fetch is called at once.
      expect(net.started('/api/widget/chat')).to.have.length(0);
      expect(await mock.log('/api/widget/chat')).to.have.length(0);
      release();
      await answered;
      expect(await mock.log('/api/widget/chat')).to.have.length(1);
    });

    it('sends a message left pending by a reload exactly once on the next start', async () => {
      const first = start();
      await first.ready;
      // The server answers, but the answer has not reached the page when it goes away.
      const release = net.hold('/api/widget/chat');
      const lost = rejection(first.sendMessage({ content: 'sent just before reload' }));
      await waitUntil(async () => (await mock.log('/api/widget/chat')).length === 1, 'the request reached the server');
      first.destroy(); // the page goes away mid-request
      expect((await lost).code).to.equal('destroyed');
      release();

      const second = start();
      await second.ready;
      await waitUntil(() => second.getState().messages.length === 2, 'the answer arrived after the reload');
      expect(roles(second.getState())).to.deep.equal([
        'user:sent just before reload',
        'assistant:You asked: sent just before reload',
      ]);
      expect(second.getState().messages[0]!.status).to.equal('sent');
      expect(net.started('/api/widget/chat'), 'sent again after the reload').to.have.length(2);
      const server = await mock.state();
      expect(server.answered).to.equal(1);
      expect(server.conversations[0]!.messages).to.have.length(2);
    });
  });

  describe('persistence', () => {
    it('restores the conversation after a reload and goes on in it', async () => {
      const first = start();
      await first.sendMessage({ content: 'remember me' });
      const conversationId = first.getState().session!.id;
      first.destroy();

      const second = start();
      await second.ready;
      expect(roles(second.getState())).to.deep.equal(['user:remember me', 'assistant:You asked: remember me']);
      expect(second.getState().keyboard).to.equal(null);
      await second.sendMessage({ content: 'still there?' });
      expect((await mock.log('/api/widget/chat')).at(-1)!.body!.conversationId).to.equal(conversationId);
      expect((await mock.state()).conversations).to.have.length(1);
    });

    it('a restored conversation that storage kept from earlier gets back what the server holds, in order, quietly', async () => {
      const first = start();
      await first.sendMessage({ content: 'one' });
      await first.sendMessage({ content: 'two' });
      const older = await storage.getItem('opencx:w1:chat'); // what a full storage kept
      await first.sendMessage({ content: 'three' });
      first.destroy();
      await storage.setItem('opencx:w1:chat', older!);

      const second = start();
      const events: string[] = [];
      second.events$.subscribe((e) => e.type === 'message' && events.push(e.message.content));
      await second.ready;
      await second.sendMessage({ content: 'four' });
      expect(roles(second.getState())).to.deep.equal([
        'user:one',
        'assistant:You asked: one',
        'user:two',
        'assistant:You asked: two',
        'user:three',
        'assistant:You asked: three',
        'user:four',
        'assistant:You asked: four',
      ]);
      expect(events, 'only the new message and its answer are news').to.deep.equal(['four', 'You asked: four']);
      expect(second.getState().unreadCount).to.equal(1);
    });

    it('starts afresh after a reload when persistSession is off', async () => {
      const first = start({ settings: { persistSession: false } });
      await first.sendMessage({ content: 'forget me' });
      first.destroy();
      const second = start({ settings: { persistSession: false } });
      await second.ready;
      expect(second.getState().messages).to.have.length(0);
      expect(await storage.getItem('opencx:w1:chat')).to.equal(null);
    });

    it('starts afresh when the stored conversation is unreadable', async () => {
      await storage.setItem('opencx:w1:chat', '{"v":1,"messages":"garbage"');
      const chat = start();
      await chat.ready;
      expect(chat.getState().messages).to.have.length(0);
      await chat.sendMessage({ content: 'hi' });
      expect(chat.getState().messages).to.have.length(2);
    });

    it('forgets a stored conversation the server no longer knows', async () => {
      await storage.setItem(
        'opencx:w1:chat',
        JSON.stringify({
          v: 1,
          session: { id: 'gone', status: 'bot' },
          messages: [{ id: 'm', role: 'user', content: 'old', createdAt: '2026-01-01T00:00:00Z', status: 'sent' }],
        }),
      );
      const chat = start();
      await chat.ready;
      expect(chat.getState().session).to.equal(null);
      expect(chat.getState().error).to.include({ code: 'NO_ACTIVE_SESSION' });
      await chat.sendMessage({ content: 'new question' });
      expect((await mock.log('/api/widget/chat'))[0]!.body!.conversationId).to.equal(undefined);
    });

    it('keeps working in memory when storage throws on every call', async () => {
      const broken = () => Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
      storage = { getItem: broken, setItem: broken, removeItem: broken };
      const chat = start();
      await chat.ready;
      const answer = await chat.sendMessage({ content: 'still works?' });
      expect(answer?.content).to.equal('You asked: still works?');
      expect(chat.getState().messages.map((m) => m.status)).to.deep.equal(['sent', undefined]);
    });
  });

  describe('a human in the conversation', () => {
    async function escalated(chat: Chat) {
      await chat.sendMessage({ content: 'I need a person' });
      const ticket = await chat.escalate({ email: 'ana@example.com', message: 'Call me' });
      return { ticket, conversationId: chat.getState().session!.id };
    }

    it('escalate() while the first message is being answered joins its conversation, not a second one', async () => {
      await mock.fault({ action: 'delay', path: '/api/widget/chat', ms: 300 });
      const chat = start();
      const answered = chat.sendMessage({ content: 'I need a person' });
      const ticket = await chat.escalate({ email: 'ana@example.com', message: 'Call me' });
      await answered;
      const { conversations, tickets } = await mock.state();
      expect(conversations.map((c) => c.id)).to.have.length(1);
      expect(tickets).to.deep.equal([
        {
          ticketId: ticket.ticketId,
          conversationId: conversations[0]!.id,
          email: 'ana@example.com',
          message: 'Call me',
        },
      ]);
      expect(chat.getState().session).to.include({ id: conversations[0]!.id, status: 'escalated' });
    });

    it('escalate() hands over, then agents’ replies arrive by polling, only what is new', async () => {
      const chat = start();
      const { ticket, conversationId } = await escalated(chat);
      expect(ticket).to.deep.equal({ ticketId: 'T-1', status: 'escalated' });
      expect(chat.getState().session).to.include({ status: 'escalated', ticketId: 'T-1' });
      expect((await mock.state()).tickets[0]).to.include({
        conversationId,
        email: 'ana@example.com',
        message: 'Call me',
      });

      await mock.agent({ conversationId, status: 'agent', agentMessage: 'Hi, I am Sam.' });
      expect(await nextTimer(clock, net.idle, 'the first poll is due'), 'the poll interval').to.equal(3000);
      await waitUntil(() => chat.getState().messages.some((m) => m.role === 'agent'), 'the agent’s reply arrived');
      await waitUntil(() => chat.getState().session?.status === 'agent', 'the status followed');
      expect(roles(chat.getState())).to.deep.equal([
        'user:I need a person',
        'assistant:You asked: I need a person',
        'agent:Hi, I am Sam.',
      ]);
      expect(chat.getState().messages.at(-1)!.author, 'the agent’s name, from the history').to.deep.equal({
        name: 'Sam',
      });
      expect(chat.getState().unreadCount).to.equal(2);

      const newest = (await mock.state()).conversations[0]!.messages.at(-1)!.createdAt;
      expect(await nextTimer(clock, net.idle, 'the second poll is due')).to.equal(3000);
      await waitUntil(
        async () => (await mock.log('/messages')).some((poll) => poll.query.after === newest),
        'a poll asked only for what is newer than the agent’s reply',
      );
      expect((await mock.log('/messages'))[0]!.query.after).to.equal(undefined);
    });

    it('after a reload, history older than what storage keeps goes before the stored messages, not after', async () => {
      const first = start();
      const { conversationId } = await escalated(first);
      const replies = Array.from({ length: MAX_STORED_MESSAGES + 20 }, (_, i) => `Reply ${i}`);
      await mock.agent({ conversationId, status: 'agent', agentMessages: replies });
      await nextTimer(clock, net.idle, 'a poll is due');
      await waitUntil(() => first.getState().messages.length === replies.length + 2, 'the replies arrived');
      const key = storageKeys('w1').chat;
      await waitUntil(
        async () => (await storage.getItem(key))?.includes(`Reply ${replies.length - 1}`) ?? false,
        'stored',
      );
      first.destroy();
      const stored = (JSON.parse((await storage.getItem(key))!) as { messages: MessageType[] }).messages;
      expect(stored, 'storage keeps the newest').to.have.length(MAX_STORED_MESSAGES);
      expect(stored[0]!.content).to.equal('Reply 20');

      const second = start();
      await second.ready;
      // The restore reads the server's history: what storage could not keep comes back, first.
      expect(second.getState().messages).to.have.length(replies.length + 2);
      const server = (await mock.state()).conversations[0]!.messages.map((m) => m.content);
      expect(second.getState().messages.map((m) => m.content)).to.deep.equal(server);
    });

    it('sends to the agent without a bot answer while a human has the conversation', async () => {
      const chat = start();
      const { conversationId } = await escalated(chat);
      await mock.agent({ conversationId, status: 'agent' });
      await nextTimer(clock, net.idle, 'a poll is due');
      await waitUntil(() => chat.getState().session?.status === 'agent', 'the agent took over');
      const reasons: (string | null)[] = [];
      chat.select((s) => s.loading.reason).subscribe((r) => reasons.push(r));
      const answer = await chat.sendMessage({ content: 'thanks' });
      expect(answer).to.equal(undefined);
      expect(chat.getState().messages.at(-1)).to.include({ role: 'user', content: 'thanks', status: 'sent' });
      expect(reasons).to.include('sending_message_to_agent');
      // The server took it for the agent (a 202 receipt, no answer): the conversation stays theirs,
      // the message was sent once and is shown once.
      expect((await mock.log('/api/widget/chat')).filter((r) => r.body?.message === 'thanks')).to.have.length(1);
      expect(chat.getState().session?.status).to.equal('agent');
      expect(chat.getState().messages.filter((m) => m.content === 'thanks')).to.have.length(1);
    });

    it('never polls twice at once, even when the server is slower than the interval', async () => {
      const chat = start();
      await escalated(chat);
      for (let poll = 1; poll <= 4; poll++) {
        const release = net.hold('/messages');
        await nextTimer(clock, net.idle, `poll ${poll} is due`);
        expect(net.open('/messages'), 'the poll waits for its answer').to.equal(1);
        await clock.tickAsync(3 * 3000); // three intervals pass while the server is slow
        expect(net.started('/messages'), 'no second poll meanwhile').to.have.length(poll);
        release();
      }
      await waitUntil(net.idle, 'the last poll was answered');
      expect(net.maxOpen('/messages')).to.equal(1);
      const { maxConcurrent } = await mock.state();
      const historyPaths = Object.keys(maxConcurrent).filter((p) => p.endsWith('/messages'));
      expect(historyPaths).to.have.length(1);
      expect(maxConcurrent[historyPaths[0]!]).to.equal(1);
    });

    it('pauses polling while the page is hidden', async () => {
      const chat = start();
      const { conversationId } = await escalated(chat);
      await nextTimer(clock, net.idle, 'the first poll is due');
      await waitUntil(net.idle, 'the first poll was answered');
      visibility.set(false);
      const before = net.started('/messages').length;
      await mock.agent({ conversationId, agentMessage: 'Are you still there?' });
      await clock.tickAsync(10 * 3000); // ten intervals while hidden
      expect(net.started('/messages')).to.have.length(before);
      expect(await mock.log('/messages')).to.have.length(before);
      expect(chat.getState().messages.some((m) => m.role === 'agent')).to.be.false;
      visibility.set(true);
      // Time goes on while visible, so that a poll the browser's network failed is retried (on this clock).
      await waitUntil(async () => {
        await clock.tickAsync(500);
        return chat.getState().messages.some((m) => m.role === 'agent');
      }, 'polling resumed');
    });

    it('stops polling when the conversation is closed', async () => {
      const chat = start();
      const { conversationId } = await escalated(chat);
      await mock.agent({ conversationId, status: 'closed' });
      await nextTimer(clock, net.idle, 'a poll is due');
      await waitUntil(() => chat.getState().session?.status === 'closed', 'the close was seen');
      await waitUntil(net.idle, 'the poll was answered');
      const count = net.started('/messages').length;
      expect(clock.countTimers(), 'no poll is scheduled').to.equal(0);
      await clock.tickAsync(10 * 3000);
      expect(net.started('/messages')).to.have.length(count);
      expect(await mock.log('/messages')).to.have.length(count);
    });

    it('escalate() offline waits for the connection, and a lost response retried makes one ticket', async () => {
      const chat = start();
      await chat.ready;
      network.set(false);
      let settled = false;
      const asked = chat.escalate({ email: 'ana@example.com', message: 'Call me' }).finally(() => (settled = true));
      await clock.tickAsync(10 * 60_000); // ten minutes offline: nothing spent
      expect(settled).to.be.false;
      expect(await mock.log('/api/widget/escalate')).to.have.length(0);
      expect(await mock.log('/api/widget/conversations')).to.have.length(0);

      // Back online, the server takes it, and its answer is lost: the retry gets the same ticket.
      await mock.fault({ action: 'drop-after', path: '/api/widget/escalate' });
      network.set(true);
      await waitUntil(() => settled || (clock.countTimers() > 0 && net.idle()), 'a retry is due or sent');
      if (!settled) await clock.nextAsync();
      const ticket = await asked;
      expect(ticket).to.deep.equal({ ticketId: 'T-1', status: 'escalated' });
      expect((await mock.state()).tickets).to.have.length(1);
      expect(chat.getState().session).to.include({ status: 'escalated', ticketId: 'T-1' });
    });

    it('escalate() does not retry a refusal that no retry can change', async () => {
      const chat = start();
      await chat.ready;
      await chat.createSession();
      await mock.refuse(403, 'origin_not_allowed', { path: '/api/widget/escalate', message: 'No.' });
      expect((await rejection(chat.escalate({ email: 'ana@example.com', message: 'Call me' }))).code).to.equal(
        'origin_not_allowed',
      );
      expect(await mock.log('/api/widget/escalate')).to.have.length(1);
      expect(clock.countTimers(), 'nothing scheduled').to.equal(0);
    });

    it('escalate() checks its input and creates the conversation when there is none', async () => {
      const chat = start();
      expect((await rejection(chat.escalate({ email: 'not-an-email', message: 'x' }))).code).to.equal(
        'invalid_escalation',
      );
      expect((await rejection(chat.escalate({ email: 'a@b.co', message: ' ' }))).code).to.equal('invalid_escalation');
      const ticket = await chat.escalate({ email: 'a@b.co', message: 'Straight to a human' });
      expect(ticket.status).to.equal('escalated');
      expect(await mock.log('/api/widget/conversations')).to.have.length.at.least(1);
      expect(chat.getState().session?.status).to.equal('escalated');
    });
  });

  describe('sessions and feedback', () => {
    it('createSession() creates once and reports a failure in the state', async () => {
      const chat = start();
      await chat.ready;
      await mock.refuse(500, 'internal', { path: '/conversations', message: 'Down.' });
      await rejection(chat.createSession());
      expect(chat.getState().error).to.include({ hasError: true, code: 'SESSION_CREATION_FAILED', cause: 'internal' });
      const reasons: (string | null)[] = [];
      chat.select((s) => s.loading.reason).subscribe((r) => reasons.push(r));
      const [a, b] = await Promise.all([chat.createSession(), chat.createSession()]);
      expect(a).to.equal(b);
      expect(await chat.createSession()).to.equal(a);
      expect(reasons).to.deep.equal([null, 'creating_session', null]);
      expect(await mock.log('/api/widget/conversations')).to.have.length(2);
    });

    it('clearSession() starts afresh, forgets the stored conversation and calls onSessionDestroy', async () => {
      let destroyed = 0;
      const chat = start({}, { onSessionDestroy: () => (destroyed += 1) });
      // The prelude (whose initial questions the fresh chat shows again) read first.
      await chat.ready;
      await chat.sendMessage({ content: 'old topic' });
      await chat.clearSession();
      expect(destroyed).to.equal(1);
      expect(chat.getState()).to.deep.include({ messages: [], session: null, unreadCount: 0 });
      expect(chat.getState().keyboard?.options).to.have.length(2);
      const stored = JSON.parse((await storage.getItem('opencx:w1:chat'))!);
      expect(stored.messages).to.deep.equal([]);
      await chat.sendMessage({ content: 'new topic' });
      expect((await mock.log('/api/widget/chat')).at(-1)!.body!.conversationId).to.equal(undefined);
    });

    it('clearSession() drops a message still being sent', async () => {
      const chat = start();
      await chat.ready;
      await mock.fault({ action: 'delay', ms: 300, path: '/api/widget/chat' });
      const pending = rejection(chat.sendMessage({ content: 'never mind' }));
      await waitUntil(async () => (await mock.log('/api/widget/chat')).length === 1, 'the request left');
      await chat.clearSession();
      expect((await pending).code).to.equal('session_cleared');
      // Settled, not merely waited for: a request still open would end with the delayed answer.
      await waitUntil(net.idle, 'every request has ended');
      expect(clock.countTimers(), 'no retry is scheduled').to.equal(0);
      expect(chat.getState().messages).to.deep.equal([]);
      expect(await mock.log('/api/widget/chat')).to.have.length(1);
    });

    it('sendFeedback() records the rating on the answer, and undoes it when sending fails', async () => {
      const chat = start();
      const answer = await chat.sendMessage({ content: 'rate me' });
      await chat.sendFeedback({ messageId: answer!.id, type: 'positive' });
      expect(chat.getState().messages[1]!.feedback).to.equal('positive');
      expect((await mock.state()).feedback).to.deep.equal([
        { widgetId: 'w1', messageId: answer!.id, type: 'positive' },
      ]);

      await mock.refuse(500, 'internal', { path: '/feedback', message: 'x' });
      await rejection(chat.sendFeedback({ messageId: answer!.id, type: 'negative' }));
      expect(chat.getState().messages[1]!.feedback).to.equal('positive');
      expect((await rejection(chat.sendFeedback({ messageId: 'nope', type: 'positive' }))).code).to.equal(
        'message_not_found',
      );
      const userMessage = chat.getState().messages[0]!.id;
      expect((await rejection(chat.sendFeedback({ messageId: userMessage, type: 'positive' }))).code).to.equal(
        'message_not_found',
      );
    });

    it('markRead() clears the unread count', async () => {
      const chat = start();
      await chat.sendMessage({ content: 'a' });
      expect(chat.getState().unreadCount).to.equal(1);
      chat.markRead();
      expect(chat.getState().unreadCount).to.equal(0);
    });
  });

  describe('destroy()', () => {
    it('stops polling, requests, listeners and the state stream', async () => {
      const chat = start();
      await chat.sendMessage({ content: 'x' });
      await chat.escalate({ email: 'a@b.co', message: 'human please' });
      await nextTimer(clock, net.idle, 'the first poll is due');
      await waitUntil(net.idle, 'the first poll was answered');
      let completed = false;
      chat.state$.subscribe({ complete: () => (completed = true) });
      chat.destroy();
      expect(completed).to.be.true;
      const count = net.started().length;
      expect(clock.countTimers(), 'no poll is scheduled').to.equal(0);
      await clock.tickAsync(10 * 3000);
      expect(net.started()).to.have.length(count);
      expect(visibility.listeners + network.listeners).to.equal(0);
      expect((await rejection(chat.sendMessage({ content: 'after' }))).code).to.equal('destroyed');
    });

    it('aborts a retry wait at once', async () => {
      const chat = start({}, { retry: { baseDelayMs: 5000, maxDelayMs: 5000, maxAttempts: 5 } });
      await mock.fault({ action: 'drop', path: '/chat', times: 10 });
      const pending = rejection(chat.sendMessage({ content: 'x' }));
      await timerDue(clock, net.idle, 'the store waits to retry');
      chat.destroy();
      expect((await pending).code).to.equal('destroyed');
      expect(clock.countTimers(), 'the wait is cancelled').to.equal(0);
      expect(network.listeners).to.equal(0);
    });
  });
});
