import { expect } from '@open-wc/testing';
import { WidgetRoot } from '../../src/react.js';
import { rejection, waitUntil } from '../support/async.js';
import { MockApi } from '../support/mock.js';
import { ask, inAct, latest, mount, Probe, shownMessages, SupportChat, unmountAll } from '../support/react.js';

describe('useChat and useConfigData', () => {
  let mock: MockApi;
  let widgetId: string;

  beforeEach(() => {
    mock = new MockApi();
    widgetId = `w-${mock.ns}`;
  });

  afterEach(async () => {
    await unmountAll();
    for (const key of Object.keys(localStorage)) if (key.includes(mock.ns)) localStorage.removeItem(key);
  });

  const app = (options: object = {}) => (
    <WidgetRoot options={{ widgetId, apiUrl: mock.apiUrl, ...options }}>
      <SupportChat />
      <Probe />
    </WidgetRoot>
  );

  describe('useChat', () => {
    it('renders the visitor’s message at once, then the cited answer', async () => {
      const { host } = await mount(app());
      await mock.fault({ action: 'delay', ms: 300, path: '/api/widget/chat' });

      await ask(host, 'How do I install it?');

      expect(shownMessages(host)).to.deep.equal(['user:How do I install it?']);
      expect(host.querySelector('li')!.dataset.status).to.equal('pending');
      await waitUntil(() => shownMessages(host).length === 2, 'the answer is rendered');
      expect(shownMessages(host)).to.deep.equal([
        'user:How do I install it?',
        'assistant:You asked: How do I install it?',
      ]);
      expect(host.querySelector('li[data-role="assistant"] a')!.textContent).to.equal('Getting started');
      expect(host.querySelector('li')!.dataset.status).to.equal('sent');
      expect(await mock.log('/api/widget/chat')).to.have.length(1);
    });

    it('gives the reference’s state: loading with its reason while the answer is on its way', async () => {
      const { host } = await mount(app());
      await waitUntil(() => latest.chat!.ready, 'the chat is ready');
      await mock.fault({ action: 'delay', ms: 400, path: '/api/widget/chat' });

      await ask(host, 'Slow one');
      await waitUntil(() => latest.chat!.loading.isLoading, 'the message is on its way');

      expect(latest.chat!.loading).to.deep.equal({ isLoading: true, reason: 'sending_message_to_bot' });
      expect(host.querySelector('[role="status"]')!.textContent).to.equal('Thinking…');
      await waitUntil(() => !latest.chat!.loading.isLoading, 'the answer arrived');
      expect(latest.chat!.loading).to.deep.equal({ isLoading: false, reason: null });
      expect(host.querySelector('[role="status"]')).to.equal(null);
      expect(latest.chat!.messages.map((m) => m.role)).to.deep.equal(['user', 'assistant']);
    });

    it('shows a message the server refused as failed, with the error, and sends it again with retryMessage', async () => {
      const { host } = await mount(app());
      await mock.refuse(400, 'bad_request', { path: '/api/widget/chat', message: 'That message is not allowed.' });

      await ask(host, 'Refused once');
      await waitUntil(() => latest.chat!.error.hasError, 'the error is in the state');

      expect(latest.chat!.error).to.include({ hasError: true, code: 'MESSAGE_SEND_FAILED', cause: 'bad_request' });
      expect(host.querySelector('[role="alert"]')!.textContent).to.equal('That message is not allowed.');
      expect(host.querySelector('li')!.dataset.status).to.equal('failed');
      await latest.chat!.retryMessage(latest.chat!.messages[0]!.id);
      await waitUntil(() => shownMessages(host).length === 2, 'the retried message is answered');
      expect(latest.chat!.error.hasError).to.be.false;
      expect(host.querySelector('[role="alert"]')).to.equal(null);
    });

    it('shows why the chat cannot start: a widget the server does not know', async () => {
      const { host } = await mount(app({ widgetId: 'unknown-widget' }));

      await waitUntil(() => latest.chat!.ready, 'the chat is ready');

      expect(latest.chat!.error).to.include({ hasError: true, cause: 'widget_not_found', status: 404 });
      expect(host.querySelector('[role="alert"]')).to.exist;
      expect(latest.chat!.prelude).to.equal(null);
    });

    it('gives the rest of the state and actions: quick replies, unread count, feedback, a new conversation', async () => {
      await mount(app());
      await waitUntil(() => latest.chat!.ready, 'the chat is ready');
      expect(latest.chat!.keyboard).to.deep.equal({ options: ['How do I install it?', 'Can I change the colours?'] });
      expect(latest.chat!.prelude?.name).to.equal('Test widget');

      const answer = await latest.chat!.sendMessage({ content: 'Hello' });
      await waitUntil(() => latest.chat!.unreadCount === 1, 'the answer is unread');
      await latest.chat!.sendFeedback({ messageId: answer!.id, type: 'positive' });
      latest.chat!.markRead();
      await waitUntil(() => latest.chat!.unreadCount === 0, 'the answer was read');

      expect(latest.chat!.messages[1]!.feedback).to.equal('positive');
      expect(latest.chat!.session?.status).to.equal('bot');
      expect((await mock.state()).feedback).to.have.length(1);
      await latest.chat!.clearSession();
      await waitUntil(() => latest.chat!.messages.length === 0, 'a new conversation started');
      expect(latest.chat!.session).to.equal(null);
    });

    it('hands the conversation to a human with escalate', async () => {
      await mount(app());
      await latest.chat!.sendMessage({ content: 'I need a person' });

      const ticket = await latest.chat!.escalate({ email: 'ada@example.com', message: 'Please call me.' });

      expect(ticket).to.deep.equal({ ticketId: 'T-1', status: 'escalated' });
      await waitUntil(() => latest.chat!.session?.status === 'escalated', 'the state shows the escalation');
      expect((await mock.state()).tickets[0]).to.include({ email: 'ada@example.com' });
    });
  });

  describe('useConfigData', () => {
    it('gives the validated configuration with its defaults', async () => {
      await mount(app({ primaryColor: '#4f46e5' }));

      expect(latest.config!.config).to.deep.include({ widgetId, apiUrl: mock.apiUrl, language: 'en' });
      expect(latest.config!.config!.theme).to.deep.equal({ primaryColor: '#4f46e5', colorScheme: 'auto' });
      expect(latest.config!.config!.settings.persistSession).to.be.true;
    });

    it('updateConfig changes the configuration and keeps the conversation when the store does not depend on it', async () => {
      const { host } = await mount(app());
      await latest.chat!.sendMessage({ content: 'Keep me' });
      await waitUntil(() => shownMessages(host).length === 2, 'the answer is rendered');

      await inAct(() => latest.config!.updateConfig({ language: 'fr', theme: { primaryColor: 'rebeccapurple' } }));

      expect(latest.config!.config).to.deep.include({ language: 'fr' });
      expect(latest.config!.config!.theme.primaryColor).to.equal('rebeccapurple');
      expect(shownMessages(host)).to.deep.equal(['user:Keep me', 'assistant:You asked: Keep me']);
      expect(await mock.log('/prelude')).to.have.length(1);
    });

    it('updateConfig with another widget starts a new store for it', async () => {
      const { host } = await mount(app());
      await latest.chat!.sendMessage({ content: 'Old widget' });

      await inAct(() => latest.config!.updateConfig({ widgetId: `${widgetId}-2` }));

      await waitUntil(
        async () => (await mock.log(`/${widgetId}-2/prelude`)).length === 1,
        'the new widget is asked for',
      );
      expect(latest.config!.config!.widgetId).to.equal(`${widgetId}-2`);
      expect(shownMessages(host)).to.deep.equal([]);
    });

    it('updateConfig refuses a bad change with a ConfigurationError naming the field, and changes nothing', async () => {
      await mount(app());
      const before = latest.config!.config;

      let thrown: unknown;
      try {
        latest.config!.updateConfig({ theme: { primaryColor: 'not a colour' } });
      } catch (error) {
        thrown = error;
      }

      expect(thrown).to.be.instanceOf(Error);
      expect(thrown).to.include({ name: 'ConfigurationError', field: 'theme.primaryColor' });
      expect(latest.config!.config).to.equal(before);
      expect(latest.chat!.error.hasError).to.be.false;
    });

    it('the actions of a chat that is gone reject instead of starting another', async () => {
      const app1 = await mount(app());
      const { sendMessage } = latest.chat!;

      await app1.unmount();

      expect((await rejection(sendMessage({ content: 'Too late' }))).code).to.equal('destroyed');
      expect(await mock.log('/api/widget/chat')).to.have.length(0);
    });
  });
});
