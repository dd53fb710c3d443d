import { expect, fixture, html } from '@open-wc/testing';
import type { OpenCXChat } from '../../src/elements/chat/chat.js';
import type { WidgetAPI } from '../../src/launchchat/types.js';
import { rejection, waitUntil } from '../support/async.js';
import { MockApi } from '../support/mock.js';
import { shadow } from '../support/widget.js';

// dist/embed.js as a page without a bundler uses it: a plain HTML page in an iframe, with
// window.LaunchChatConfig and a <script type="module"> tag (test/fixtures/embed.html), or the
// classic script a tag manager adds (test/fixtures/embed-classic.html). `npm test` builds dist/
// before the browser suites run.

type EmbedWindow = Window & {
  LaunchChatWidget?: WidgetAPI & { opencx?: true };
  errors: string[];
  logged: [string, string][];
  received?: unknown[];
  initialised?: Promise<string>;
};

async function embedPage(mock: MockApi, { page = 'embed.html', config }: { page?: string; config?: object } = {}) {
  const query = new URLSearchParams({ widget: `w-${mock.ns}`, api: mock.apiUrl });
  if (config) query.set('config', JSON.stringify(config));
  const frame = await fixture<HTMLIFrameElement>(
    html`<iframe
      title="embed"
      style="width: 800px; height: 600px; border: 0"
      src=${`/test/fixtures/${page}?${query}`}
    ></iframe>`,
  );
  const win = () => frame.contentWindow as EmbedWindow;
  await waitUntil(() => Boolean(win()?.LaunchChatWidget?.opencx), 'embed.js installed LaunchChatWidget');
  const doc = frame.contentDocument!;
  return {
    win: win(),
    doc,
    api: win().LaunchChatWidget!,
    chats: () => [...doc.querySelectorAll('opencx-chat')] as OpenCXChat[],
  };
}

const panelRoot = (chat: OpenCXChat) => shadow(shadow(chat).querySelector('opencx-panel'));
const messagesOf = (chat: OpenCXChat) => [...panelRoot(chat).querySelectorAll<HTMLElement>('[part~="message"]')];
const launcherOf = (chat: OpenCXChat) => shadow(shadow(chat).querySelector('opencx-trigger')).querySelector('button')!;

function recorder() {
  const calls: unknown[] = [];
  const record = (data: unknown) => void calls.push(data);
  return { calls, record };
}

describe('the script-tag embed (dist/embed.js) on a plain page', () => {
  let mock: MockApi;
  beforeEach(() => {
    mock = new MockApi();
  });
  afterEach(() => {
    for (const key of Object.keys(localStorage)) if (key.includes(mock.ns)) localStorage.removeItem(key);
  });

  it('boots from LaunchChatConfig: one launcher, configured, talking to the configured server', async () => {
    const { chats, win } = await embedPage(mock, {
      config: { primaryColor: '#059669', position: 'bottom-left', greeting: 'Hola!', theme: 'dark' },
    });
    await waitUntil(() => chats().length === 1, 'the widget is mounted');
    const [chat] = chats() as [OpenCXChat];
    expect([chat.widgetId, chat.primaryColor, chat.position, chat.theme]).to.deep.equal([
      `w-${mock.ns}`,
      '#059669',
      'bottom-left',
      'dark',
    ]);
    await chat.updateComplete;
    const launcher = launcherOf(chat);
    await waitUntil(() => Boolean(launcher), 'the launcher');
    expect(win.getComputedStyle(launcher).backgroundColor).to.equal('rgb(5, 150, 105)');
    expect(launcher.getBoundingClientRect().left, 'bottom-left').to.be.below(100);
    await chat.load();
    await chat.store!.ready;
    expect(await mock.log('/prelude')).to.have.length(1);
    expect(win.errors).to.deep.equal([]);
  });

  it('left alone for 5 s, the page has the launcher alone: no more widget code, and nothing asked of the server', async function () {
    this.timeout(30_000);
    const { chats, win } = await embedPage(mock, { config: {} });
    await waitUntil(() => chats().length === 1, 'the widget is mounted');
    await new Promise((r) => setTimeout(r, 5000));
    const files = win.performance
      .getEntriesByType('resource')
      .map((entry) => new URL(entry.name).pathname)
      .filter((path) => path.startsWith('/dist/'));
    expect(files, 'embed.js alone').to.deep.equal(['/dist/embed.js']);
    expect(chats()[0]!.store).to.equal(undefined);
    expect(await mock.log()).to.deep.equal([]);
    // What embed.js weighs (gzip) is the budget bench/size.mjs checks on the same build.
  });

  it('open() and close() work the panel; on() hears open and close with their timestamps; off() stops it', async () => {
    const { api, chats } = await embedPage(mock, { config: {} });
    const [chat] = chats() as [OpenCXChat];
    const opened = recorder();
    const closed = recorder();
    api.on('open', opened.record);
    api.on('close', closed.record);
    const before = Date.now();
    api.open();
    await waitUntil(() => chat.open && opened.calls.length === 1, 'the panel opened and on("open") heard it');
    api.close();
    await waitUntil(() => !chat.open && closed.calls.length === 1, 'the panel closed and on("close") heard it');
    for (const payload of [...opened.calls, ...closed.calls] as { timestamp: number }[]) {
      expect(Object.keys(payload)).to.deep.equal(['timestamp']);
      expect(payload.timestamp).to.be.within(before, Date.now());
    }
    api.off('open', opened.record);
    api.open();
    await waitUntil(() => chat.open, 'opened again');
    await new Promise((r) => setTimeout(r, 50));
    expect(opened.calls, 'off("open") stopped the callback').to.have.length(1);
  });

  it('on() hears message, feedback and escalate with the documented payloads', async () => {
    const { api, chats } = await embedPage(mock, { config: {} });
    const [chat] = chats() as [OpenCXChat];
    const messages = recorder();
    const feedback = recorder();
    const escalations = recorder();
    api.on('message', messages.record);
    api.on('feedback', feedback.record);
    api.on('escalate', escalations.record);
    api.open();
    await chat.load();
    await chat.send('Can you fix my invoice? [refuse]');
    await waitUntil(() => messages.calls.length === 2, 'the question and the answer');
    const [asked, answered] = messages.calls as { content: string; role: string; messageId: string }[];
    expect(asked).to.deep.equal({
      content: 'Can you fix my invoice? [refuse]',
      role: 'user',
      messageId: asked!.messageId,
    });
    expect(answered!.role).to.equal('assistant');
    expect(answered!.content).to.be.a('string').and.not.equal('');
    expect(answered!.messageId).to.be.a('string').and.not.equal(asked!.messageId);

    await waitUntil(() => messagesOf(chat).length === 3, 'the answer is on screen');
    const answer = messagesOf(chat)[2]!;
    answer.querySelector<HTMLButtonElement>('[part="feedback-button"]')!.click();
    await waitUntil(() => feedback.calls.length === 1, 'on("feedback")');
    expect(feedback.calls[0]).to.deep.equal({ messageId: answered!.messageId, type: 'positive' });

    answer.querySelector<HTMLButtonElement>('[part="escalation-offer-button"]')!.click();
    await waitUntil(() => Boolean(panelRoot(chat).querySelector('opencx-escalation-form')), 'the form');
    const form = shadow(panelRoot(chat).querySelector('opencx-escalation-form'));
    form.querySelector<HTMLInputElement>('#email')!.value = 'ana@example.com';
    form.querySelector<HTMLButtonElement>('[part="form-submit"]')!.click();
    await waitUntil(() => escalations.calls.length === 1, 'on("escalate")');
    expect(escalations.calls[0]).to.deep.equal({
      email: 'ana@example.com',
      message: 'Can you fix my invoice? [refuse]',
    });
  });

  it('on() with an unknown event warns and does nothing', async () => {
    const { api, win, chats } = await embedPage(mock, { config: {} });
    const heard = recorder();
    api.on('opened' as 'open', heard.record);
    // Said once the logger has loaded: it does not come with the launcher.
    await waitUntil(() => win.logged.some(([level]) => level === 'warn'), 'the warning');
    expect(win.logged.filter(([level]) => level === 'warn').map(([, text]) => text)).to.deep.equal([
      '[OpenCX] LaunchChatWidget.on: unknown event "opened" (not one of open, close, message, escalate, feedback).',
    ]);
    api.open();
    await waitUntil(() => chats()[0]!.open, 'opened');
    expect(heard.calls).to.deep.equal([]);
  });

  it('destroy() removes the widget and all it started; init() afterwards mounts a working one', async () => {
    const { api, chats } = await embedPage(mock, { config: {} });
    const [first] = chats() as [OpenCXChat];
    await first.load();
    await first.store!.ready;
    const heard = recorder();
    api.on('open', heard.record);
    api.destroy();
    expect(chats()).to.deep.equal([]);
    const requests = (await mock.log()).length;
    await new Promise((r) => setTimeout(r, 300));
    expect((await mock.log()).length, 'no request after destroy()').to.equal(requests);

    await api.init({ widgetId: `w-${mock.ns}`, apiUrl: mock.apiUrl, greeting: 'Back again' });
    const [second] = chats() as [OpenCXChat];
    expect(second).not.to.equal(first);
    expect(second.greeting).to.equal('Back again');
    api.open();
    await waitUntil(() => second.open, 'the new widget opens');
    expect(heard.calls, 'destroy() also dropped the on() callbacks').to.deep.equal([]);
  });

  it('init() without a widget id rejects with a ConfigurationError and leaves the widget as it was', async () => {
    const { api, chats, win } = await embedPage(mock, { config: {} });
    const [chat] = chats();
    const error = await api.init({ apiUrl: mock.apiUrl } as never).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.name).to.equal('ConfigurationError');
    expect(error?.message).to.equal('LaunchChatWidget.init: "widgetId" is required.');
    expect(chats()).to.deep.equal([chat]);
    expect(win.logged).to.deep.equal([['error', '[OpenCX] LaunchChatWidget: "widgetId" is required.']]);
  });

  it('init() rejects with the error class of what the chat reports, an OpenCXError', async () => {
    const { api } = await embedPage(mock);
    await mock.refuse(403, 'origin_not_allowed', { path: '/prelude', message: 'This origin is not allowed.' });

    const refused = await rejection(api.init({ widgetId: `w-${mock.ns}`, apiUrl: mock.apiUrl }));
    const unmountable = await rejection(api.init({} as never));

    expect(refused).to.include({
      name: 'AuthenticationError',
      code: 'origin_not_allowed',
      message: 'This origin is not allowed.',
    });
    // A page without a bundler has no class to import: OpenCXError is the ConfigurationError's parent.
    expect(unmountable.name).to.equal('ConfigurationError');
    const openCXError = Object.getPrototypeOf(Object.getPrototypeOf(unmountable)) as object;
    expect(Object.prototype.isPrototypeOf.call(openCXError, refused), 'the AuthenticationError is an OpenCXError').to.be
      .true;
  });

  it('a LaunchChatConfig with a wrong type logs one clear error and mounts nothing', async () => {
    const { chats, win } = await embedPage(mock, { config: { position: 42 } });
    // Logged once the failure's chunk has loaded: it does not come with the launcher.
    await waitUntil(() => win.logged.length > 0, 'the error is logged');
    await new Promise((r) => setTimeout(r, 100));
    expect(chats()).to.deep.equal([]);
    expect(win.logged).to.deep.equal([
      ['error', '[OpenCX] LaunchChatWidget: "position" must be one of bottom-right, bottom-left, got 42.'],
    ]);
    expect(win.errors, 'no uncaught error or rejection').to.deep.equal([]);
  });

  it('a second copy of the script on the page changes nothing', async () => {
    const { api, chats, doc, win } = await embedPage(mock, { config: {} });
    const script = doc.createElement('script');
    script.type = 'module';
    script.src = '/dist/embed.js?copy=2';
    const loaded = new Promise((resolve) => script.addEventListener('load', resolve));
    doc.head.append(script);
    await loaded;
    expect(win.LaunchChatWidget).to.equal(api);
    expect(chats()).to.have.length(1);
    expect(win.errors).to.deep.equal([]);
  });

  it('open() before any widget exists waits for init()', async () => {
    const { api, chats } = await embedPage(mock);
    expect(chats()).to.deep.equal([]);
    api.open();
    await api.init({ widgetId: `w-${mock.ns}`, apiUrl: mock.apiUrl });
    expect(chats()[0]!.open).to.equal(true);
  });

  it('chats that name no server use the origin embed.js came from', async () => {
    const { win } = await embedPage(mock);
    const chatClass = win.customElements.get('opencx-chat') as unknown as { defaultApiUrl?: string };
    expect(chatClass.defaultApiUrl).to.equal(win.location.origin);
  });

  it('the classic script (embed-classic.js) replays what the page called before embed.js loaded', async () => {
    const { win, chats } = await embedPage(mock, { page: 'embed-classic.html' });
    expect(await win.initialised).to.equal('ready');
    const [chat] = chats() as [OpenCXChat];
    await waitUntil(() => chat.open, 'the queued open() ran');
    await waitUntil(() => win.received!.length === 1, 'the queued on("open") heard it');
    expect((win.received![0] as [string, { timestamp: number }])[0]).to.equal('open');
    expect(win.errors).to.deep.equal([]);
  });
});
