import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements.js';
import type { OpenCXChat } from '../../src/elements/chat/chat.js';
import { waitUntil } from '../support/async.js';
import { MockApi } from '../support/mock.js';
import { deepActiveElement, panelReady, shadow } from '../support/widget.js';

// Before the visitor's first intent a page pays for the launcher alone: no store, no panel, no
// request to the chat server. Idle time is not an intent, unless the site asks for it (`prefetch`)
// or the visitor has a conversation kept here; it is held off here to see the intents one by one.

describe('loading on intent', () => {
  const idle = globalThis.requestIdleCallback;
  beforeEach(() => {
    globalThis.requestIdleCallback = () => 0;
  });
  afterEach(() => {
    globalThis.requestIdleCallback = idle;
  });

  async function launcherOnly(mock: MockApi, attributes = '') {
    const el = await fixture<OpenCXChat>(
      html`<opencx-chat widget-id=${`w-${mock.ns}`} api-url=${mock.apiUrl} primary-color="#ffd400"></opencx-chat>`,
    );
    if (attributes) el.setAttribute('language', attributes);
    await el.updateComplete;
    const trigger = shadow(el).querySelector('opencx-trigger')!;
    await trigger.updateComplete;
    return { el, button: shadow(trigger).querySelector('button')! };
  }

  it('shows a working launcher, in the brand colour, and asks the server nothing', async () => {
    const mock = new MockApi();
    const { el, button } = await launcherOnly(mock);
    expect(button.getAttribute('aria-label')).to.equal('Open chat');
    expect(getComputedStyle(button).backgroundColor).to.equal('rgb(255, 212, 0)');
    expect(getComputedStyle(button).color, 'black reads on yellow').to.equal('rgb(0, 0, 0)');
    await new Promise((r) => setTimeout(r, 200));
    expect(el.store).to.equal(undefined);
    expect(shadow(el).querySelector('opencx-panel')).to.equal(null);
    expect(await mock.log()).to.deep.equal([]);
  });

  it('takes its colour from config.primaryColor (the LaunchChat name) before anything loads', async () => {
    const mock = new MockApi();
    const el = await fixture<OpenCXChat>(
      html`<opencx-chat
        widget-id=${`w-${mock.ns}`}
        api-url=${mock.apiUrl}
        .config=${{ primaryColor: '#047857' }}
      ></opencx-chat>`,
    );
    await el.updateComplete;
    const trigger = shadow(el).querySelector('opencx-trigger')!;
    await trigger.updateComplete;
    expect(getComputedStyle(shadow(trigger).querySelector('button')!).backgroundColor).to.equal('rgb(4, 120, 87)');
    expect(el.store, 'nothing loaded').to.equal(undefined);
  });

  it('lays out right to left for a right-to-left language before anything loads', async () => {
    const { el } = await launcherOnly(new MockApi(), 'ar');
    expect(shadow(el).querySelector('.root')!.getAttribute('dir')).to.equal('rtl');
  });

  for (const [intent, act] of [
    // pointerenter does not bubble: the pointer enters the launcher's element as well as its button.
    // A finger touching the launcher fires it too (touch pointers enter before they press).
    [
      'hovering the launcher',
      (button: HTMLButtonElement) =>
        (button.getRootNode() as ShadowRoot).host.dispatchEvent(new PointerEvent('pointerenter')),
    ],
    ['focusing the launcher', (button: HTMLButtonElement) => button.focus()],
    ['clicking the launcher', (button: HTMLButtonElement) => button.click()],
  ] as const) {
    it(`loads the store and the panel on ${intent}`, async () => {
      const mock = new MockApi();
      const { el, button } = await launcherOnly(mock);
      act(button);
      // The runtime is a module fetched on intent: under a loaded CI machine that takes seconds.
      await waitUntil(() => Boolean(el.store), 'the store is made', 15_000);
      await waitUntil(async () => (await mock.log('/prelude')).length === 1, 'the widget settings are asked for');
      await waitUntil(() => Boolean(shadow(el).querySelector('opencx-panel')), 'the panel is rendered');
    });
  }

  it('loads on show(), send() and load() too', async () => {
    const mock = new MockApi();
    const { el } = await launcherOnly(mock);
    el.show();
    await waitUntil(() => Boolean(el.store), 'show() loads it');
    const other = (await launcherOnly(mock)).el;
    await other.load();
    expect(other.store).not.to.equal(undefined);
  });

  it('opened on the page before it loaded, the chat takes focus into its message box once it has', async () => {
    const { el } = await launcherOnly(new MockApi());
    el.show();
    await waitUntil(() => deepActiveElement()?.localName === 'textarea', 'the message box has focus');
  });

  it('a chat open in the HTML from the start leaves the page its focus', async () => {
    const mock = new MockApi();
    const outside = await fixture<HTMLButtonElement>(html`<button>The page's own button</button>`);
    outside.focus();
    const el = await fixture<OpenCXChat>(
      html`<opencx-chat widget-id=${`w-${mock.ns}`} api-url=${mock.apiUrl} open></opencx-chat>`,
    );
    await el.load();
    await panelReady(el);
    await new Promise((r) => setTimeout(r, 100));
    expect(document.activeElement).to.equal(outside);
  });

  describe('at idle time', () => {
    // The browser decides when it is idle; three browsers on two busy cores may take a while.
    const realIdle = () => idle ?? ((fn: IdleRequestCallback) => setTimeout(fn, 1) as unknown as number);
    const untilIdle = () => new Promise((r) => realIdle()(() => setTimeout(r, 300)));

    it('does not load without intent, though the browser is idle', async function () {
      this.timeout(20_000);
      globalThis.requestIdleCallback = realIdle();
      const mock = new MockApi();
      const el = await fixture<OpenCXChat>(
        html`<opencx-chat widget-id=${`w-${mock.ns}`} api-url=${mock.apiUrl}></opencx-chat>`,
      );
      await untilIdle();
      await untilIdle();
      expect(el.store, 'nothing loaded').to.equal(undefined);
      expect(await mock.log()).to.deep.equal([]);
    });

    it('loads with `prefetch`, unless the browser is asked to save data', async function () {
      this.timeout(20_000);
      globalThis.requestIdleCallback = realIdle();
      const mock = new MockApi();
      Object.defineProperty(navigator, 'connection', { value: { saveData: true }, configurable: true });
      try {
        const saving = await fixture<OpenCXChat>(
          html`<opencx-chat widget-id=${`w-${mock.ns}`} api-url=${mock.apiUrl} prefetch></opencx-chat>`,
        );
        await untilIdle();
        await untilIdle();
        expect(saving.store, 'not while saving data').to.equal(undefined);
      } finally {
        delete (navigator as { connection?: unknown }).connection;
      }
      const el = await fixture<OpenCXChat>(
        html`<opencx-chat widget-id=${`w-${mock.ns}`} api-url=${mock.apiUrl} prefetch></opencx-chat>`,
      );
      await waitUntil(() => Boolean(el.store), 'the store is made at idle time', 15_000);
    });

    it('loads for a visitor with a conversation kept here: a reply may come while the panel is closed', async function () {
      this.timeout(20_000);
      globalThis.requestIdleCallback = realIdle();
      const mock = new MockApi();
      const key = `opencx:w-${mock.ns}:chat`;
      localStorage.setItem(key, JSON.stringify({ v: 1, session: { id: 'c1', status: 'agent' }, messages: [] }));
      try {
        const el = await fixture<OpenCXChat>(
          html`<opencx-chat widget-id=${`w-${mock.ns}`} api-url=${mock.apiUrl}></opencx-chat>`,
        );
        await waitUntil(() => Boolean(el.store), 'the store is made at idle time', 15_000);
      } finally {
        localStorage.removeItem(key);
      }
    });
  });

  it('a standalone launcher loads its chat when the visitor reaches for it', async () => {
    const mock = new MockApi();
    const page = await fixture<HTMLDivElement>(
      html`<div>
        <opencx-trigger for=${`chat-${mock.ns}`}></opencx-trigger>
        <opencx-chat id=${`chat-${mock.ns}`} widget-id=${`w-${mock.ns}`} api-url=${mock.apiUrl}></opencx-chat>
      </div>`,
    );
    const chat = page.querySelector('opencx-chat')!;
    const trigger = page.querySelector('opencx-trigger')!;
    await new Promise((r) => setTimeout(r, 300));
    expect(chat.store, 'nothing before').to.equal(undefined);
    // Its binding loads first (a small module): hovering until it is there.
    await waitUntil(
      () => {
        trigger.dispatchEvent(new PointerEvent('pointerenter'));
        return Boolean(chat.store);
      },
      'hovering the launcher loads the chat',
      15_000,
    );
    expect(chat.open, 'loaded, not opened').to.equal(false);
  });
});
