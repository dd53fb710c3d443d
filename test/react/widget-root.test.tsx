import { expect } from '@open-wc/testing';
import { StrictMode } from 'react';
import {
  ApiCaller,
  createChat,
  createConfig,
  createMemoryStorage,
  createWebPlatform,
  type Chat,
} from '../../src/index.js';
import { useChat, useConfigData, WidgetRoot } from '../../src/react.js';
import { rejection, waitUntil } from '../support/async.js';
import { fakeClock, timerDue } from '../support/clock.js';
import { MockApi } from '../support/mock.js';
import { ask, inAct, latest, mount, Probe, shownMessages, SupportChat, unmountAll } from '../support/react.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('WidgetRoot', () => {
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

  describe('lifecycle', () => {
    it('unmounting destroys the store: the request in flight is aborted and its promise rejects', async () => {
      const app = await mount(
        <WidgetRoot options={{ widgetId, apiUrl: mock.apiUrl }}>
          <Probe />
        </WidgetRoot>,
      );
      await waitUntil(() => latest.chat!.ready, 'the chat is ready');
      await mock.fault({ action: 'delay', ms: 1500, path: '/api/widget/chat' });
      const refused = rejection(latest.chat!.sendMessage({ content: 'Never answered' }));
      await waitUntil(async () => (await mock.log('/api/widget/chat')).length === 1, 'the message left');

      await app.unmount();

      expect((await refused).code).to.equal('destroyed');
    });

    it('unmounting stops the store’s timers: a failed start is not tried again', async () => {
      await mock.fault({
        action: 'respond',
        status: 503,
        path: '/prelude',
        times: 10,
        headers: { 'Content-Type': 'application/json' },
        body: { error: { code: 'internal', message: 'Busy.' } },
      });
      // Alive, the store asks again 0.5–1 s after the first failure: on fake time, that wait and
      // far longer ones pass at once.
      const clock = fakeClock();
      try {
        const app = await mount(
          <WidgetRoot options={{ widgetId, apiUrl: mock.apiUrl }}>
            <Probe />
          </WidgetRoot>,
        );
        await timerDue(clock, () => latest.chat?.error.hasError === true, 'the store waits to ask again');

        await app.unmount();

        expect(clock.countTimers(), 'the retry is cancelled').to.equal(0);
        await clock.tickAsync(60_000);
        expect(await mock.log('/prelude')).to.have.length(1);
      } finally {
        clock.uninstall();
      }
    });

    it('in StrictMode makes one store: one start, one message sent and answered once', async () => {
      const app = await mount(
        <StrictMode>
          <WidgetRoot options={{ widgetId, apiUrl: mock.apiUrl }}>
            <SupportChat />
            <Probe />
          </WidgetRoot>
        </StrictMode>,
      );
      await waitUntil(() => latest.chat!.ready, 'the chat is ready');

      await ask(app.host, 'Only once');
      await waitUntil(() => shownMessages(app.host).length === 2, 'the answer is rendered');
      await app.unmount();
      await sleep(200);

      expect(shownMessages(app.host)).to.deep.equal([]);
      expect(await mock.log('/prelude')).to.have.length(1);
      expect(await mock.log('/api/widget/chat')).to.have.length(1);
      expect((await mock.state()).answered).to.equal(1);
    });

    it('keeps the store while the options keep their values, even as new objects', async () => {
      const render = (options: object) => (
        <WidgetRoot options={{ widgetId, apiUrl: mock.apiUrl, ...options }}>
          <SupportChat />
          <Probe />
        </WidgetRoot>
      );
      const app = await mount(render({}));
      await latest.chat!.sendMessage({ content: 'Still here?' });

      await app.render(render({}));
      await app.render(render({ primaryColor: 'teal', language: 'de', greeting: 'Hallo' }));

      expect(latest.config!.config).to.deep.include({ language: 'de', greeting: 'Hallo' });
      expect(shownMessages(app.host)).to.deep.equal(['user:Still here?', 'assistant:You asked: Still here?']);
      expect(await mock.log('/prelude')).to.have.length(1);
    });

    it('makes a new store, and destroys the old one, when an option it is built from changes', async () => {
      const render = (id: string) => (
        <WidgetRoot options={{ widgetId: id, apiUrl: mock.apiUrl }}>
          <SupportChat />
          <Probe />
        </WidgetRoot>
      );
      const app = await mount(render(widgetId));
      await waitUntil(() => latest.chat!.ready, 'the first chat is ready');
      await mock.fault({ action: 'delay', ms: 1500, path: '/api/widget/chat' });
      const refused = rejection(latest.chat!.sendMessage({ content: 'To the old widget' }));

      await app.render(render(`${widgetId}-b`));

      expect((await refused).code).to.equal('destroyed');
      await waitUntil(() => latest.chat!.ready, 'the second chat is ready');
      expect((await mock.log('/prelude')).map((r) => r.path.split('/')[3])).to.deep.equal([widgetId, `${widgetId}-b`]);
      expect(shownMessages(app.host)).to.deep.equal([]);
    });

    it('uses a store passed as `chat` as it is, and leaves it running when it unmounts', async () => {
      const config = createConfig({ widgetId, apiUrl: mock.apiUrl });
      const chat: Chat = createChat({
        api: new ApiCaller({ config }),
        config,
        platform: { env: { platform: 'web' }, storage: createMemoryStorage(), logger: { enabled: false } },
      });
      try {
        const app = await mount(
          <WidgetRoot options={{ widgetId, apiUrl: mock.apiUrl }} chat={chat}>
            <SupportChat />
          </WidgetRoot>,
        );

        await ask(app.host, 'Through your store');
        await waitUntil(() => shownMessages(app.host).length === 2, 'the answer is rendered');
        await app.unmount();

        expect(chat.getState().messages).to.have.length(2);
        expect(await chat.sendMessage({ content: 'Still running' })).to.include({
          content: 'You asked: Still running',
        });
      } finally {
        chat.destroy();
      }
    });
  });

  describe('misuse', () => {
    it('the hooks throw a clear error outside WidgetRoot', async () => {
      const errors: string[] = [];
      function Outside() {
        for (const hook of [useChat, useConfigData]) {
          try {
            hook();
          } catch (error) {
            errors.push(String(error));
          }
        }
        return null;
      }

      await mount(<Outside />);

      expect(errors).to.deep.equal([
        'OpenCXError: useChat() must be called inside <WidgetRoot>: wrap the components that use it in <WidgetRoot options={{ widgetId: "…" }}>.',
        'OpenCXError: useConfigData() must be called inside <WidgetRoot>: wrap the components that use it in <WidgetRoot options={{ widgetId: "…" }}>.',
      ]);
    });

    describe('invalid options', () => {
      let logged: unknown[][];
      const original = console.error;

      beforeEach(() => {
        logged = [];
        console.error = (...args: unknown[]) => void logged.push(args);
      });

      afterEach(() => {
        console.error = original;
      });

      const render = (options: object) => (
        <WidgetRoot options={{ widgetId, apiUrl: mock.apiUrl, ...options }}>
          <SupportChat />
          <Probe />
        </WidgetRoot>
      );

      it('render the children with the error, logged once, and send nothing', async () => {
        const app = await mount(render({ theme: { primaryColor: 'not a colour' } }));
        await app.render(render({ theme: { primaryColor: 'not a colour' } }));

        const message = 'createConfig: "theme.primaryColor" must be a CSS color.';
        expect(app.host.querySelector('[role="alert"]')!.textContent).to.equal(message);
        expect(latest.chat!.error).to.deep.equal({ hasError: true, message, cause: 'invalid_configuration' });
        expect(latest.config!.config).to.equal(null);
        expect(logged).to.deep.equal([['[OpenCX]', `<WidgetRoot>: ${message}`]]);
        const refused = await rejection(latest.chat!.sendMessage({ content: 'Hello?' }));
        expect(refused).to.include({ name: 'ConfigurationError', field: 'theme.primaryColor' });
        expect(await mock.log()).to.have.length(0);
      });

      it('are logged as the platform’s logger says: not at all when it is disabled', async () => {
        const quiet = createWebPlatform({ logger: { enabled: false } });
        const app = await mount(
          <WidgetRoot options={{ apiUrl: mock.apiUrl }} platform={quiet}>
            <SupportChat />
          </WidgetRoot>,
        );

        expect(app.host.querySelector('[role="alert"]')!.textContent).to.contain('"widgetId"');
        expect(logged).to.deep.equal([]);
      });

      it('a missing widget id is named too, and updateConfig can mend the options', async () => {
        await mount(
          <WidgetRoot options={{ apiUrl: mock.apiUrl }}>
            <Probe />
          </WidgetRoot>,
        );
        expect(latest.chat!.error.message).to.equal(
          'createConfig: "widgetId" (or its alias "token") is required: the id of your widget.',
        );

        await inAct(() => latest.config!.updateConfig({ widgetId }));

        expect(latest.config!.config?.widgetId).to.equal(widgetId);
        await waitUntil(() => latest.chat!.ready, 'the mended chat is ready');
        expect(latest.chat!.error.hasError).to.be.false;
        expect(await mock.log('/prelude')).to.have.length(1);
      });
    });
  });
});
