import { expect, fixture, html } from '@open-wc/testing';
import type { OpenCXChat } from '../../src/elements/chat/chat.js';
import '../../src/elements.js';
import { createWidgetApi } from '../../src/launchchat/widget-api.js';
import { waitUntil } from '../support/async.js';
import { MockApi } from '../support/mock.js';

// What the elements and window.LaunchChatWidget write to the console goes through the widget's
// logger (src/state/logger.ts), with the page's settings: OpenCXChat.logger (Platform.logger).
// WidgetRoot's own message, with its `platform` prop, is tested in test/react/widget-root.test.tsx.

type Line = { level: 'warn' | 'error'; text: string };

const chatClass = () => customElements.get('opencx-chat') as unknown as typeof OpenCXChat;

/** The chunks that log lazily (the trigger's binding, LaunchChatWidget's failures) have run their part. */
async function lazyPartsRan(): Promise<void> {
  await import('../../src/elements/trigger/trigger-binding.js');
  await import('../../src/launchchat/failures.js');
  await new Promise((resolve) => setTimeout(resolve, 50));
}

describe('the widget’s console messages', () => {
  let mock: MockApi;
  let lines: Line[];
  const original = { warn: console.warn, error: console.error };

  beforeEach(() => {
    mock = new MockApi();
    lines = [];
    for (const level of ['warn', 'error'] as const) {
      console[level] = (...args: unknown[]) => void lines.push({ level, text: args.map(String).join(' ') });
    }
  });

  afterEach(() => {
    Object.assign(console, original);
    chatClass().logger = undefined;
    for (const key of Object.keys(localStorage)) if (key.includes(mock.ns)) localStorage.removeItem(key);
  });

  /** Everything that logs on its own: a chat with no widget id, a trigger for no chat, and LaunchChatWidget misused. */
  async function provokeEveryMessage(): Promise<void> {
    const holder = await fixture<HTMLDivElement>(html`<div></div>`);
    const reported = new Promise((resolve) => holder.addEventListener('opencx-error', resolve, { once: true }));
    const chat = document.createElement('opencx-chat');
    chat.apiUrl = mock.apiUrl;
    const trigger = document.createElement('opencx-trigger');
    trigger.setAttribute('for', 'no-such-chat');
    holder.append(chat, trigger);
    await chat.load();
    await reported;

    const api = createWidgetApi();
    try {
      api.on('opened' as 'open', () => {});
      await api.init({ apiUrl: mock.apiUrl } as never).catch(() => {});
      await api.init({ widgetId: `w-${mock.ns}`, apiUrl: mock.apiUrl });
      api.on('open', () => {
        throw new Error('the page’s own bug');
      });
      api.open();
      await waitUntil(() => holder.ownerDocument.querySelector('body > opencx-chat[open]') !== null, 'opened');
      await lazyPartsRan();
    } finally {
      api.destroy();
    }
  }

  it('appear by default, each once, prefixed [OpenCX]', async () => {
    await provokeEveryMessage();

    expect(lines.map((l) => `${l.level} ${l.text}`)).to.have.members([
      'error [OpenCX] <opencx-chat>: createConfig: "widgetId" (or its alias "token") is required: the id of your widget.',
      'error [OpenCX] <opencx-trigger for="no-such-chat">: no <opencx-chat id="no-such-chat"> on the page.',
      'warn [OpenCX] LaunchChatWidget.on: unknown event "opened" (not one of open, close, message, escalate, feedback).',
      'error [OpenCX] LaunchChatWidget: "widgetId" is required.',
      "error [OpenCX] LaunchChatWidget.on('open') callback: Error: the page’s own bug",
    ]);
  });

  it('are silent when the page turns the logger off', async () => {
    chatClass().logger = { enabled: false };

    await provokeEveryMessage();

    expect(lines).to.deep.equal([]);
  });

  it('take the page’s prefix and level', async () => {
    chatClass().logger = { prefix: '[Help]', level: 'error' };

    await provokeEveryMessage();

    expect(lines.map((l) => l.level)).to.deep.equal(['error', 'error', 'error', 'error']);
    for (const line of lines) expect(line.text).to.match(/^\[Help\] (<opencx-|LaunchChatWidget)/);
  });

  it('the chat’s store logs with the same settings', async () => {
    chatClass().logger = { enabled: false };
    await mock.refuse(404, 'widget_not_found', { path: '/prelude' });
    const chat = await fixture<OpenCXChat>(
      html`<opencx-chat widget-id=${`w-${mock.ns}`} api-url=${mock.apiUrl}></opencx-chat>`,
    );

    await chat.load();
    await chat.store!.ready;

    expect(chat.store!.getState().error.cause, 'the settings failed to load').to.equal('widget_not_found');
    expect(lines).to.deep.equal([]);
  });
});
