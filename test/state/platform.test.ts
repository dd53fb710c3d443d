import { expect } from '@open-wc/testing';
import {
  ApiCaller,
  createChat,
  createConfig,
  createWebPlatform,
  withMemoryFallback,
  type Chat,
  type PlatformStorage,
} from '../../src/index.js';
import { MockApi } from '../support/mock.js';

const quotaExceeded = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

describe('Platform', () => {
  describe('withMemoryFallback', () => {
    it('keeps a value whose write failed, until a later write succeeds', async () => {
      const real = new Map<string, string>();
      let full = true;
      const failures: string[] = [];
      const primary: PlatformStorage = {
        getItem: async (k) => real.get(k) ?? null,
        setItem: async (k, v) => {
          if (full) throw quotaExceeded();
          real.set(k, v);
        },
        removeItem: async (k) => void real.delete(k),
      };
      const storage = withMemoryFallback(primary, (operation) => failures.push(operation));
      await storage.setItem('k', 'one');
      expect(await storage.getItem('k')).to.equal('one');
      expect(real.has('k')).to.be.false;
      expect(failures).to.deep.equal(['setItem']);
      full = false;
      await storage.setItem('k', 'two');
      expect(real.get('k')).to.equal('two');
      expect(await storage.getItem('k')).to.equal('two');
      await storage.removeItem('k');
      expect(await storage.getItem('k')).to.equal(null);
    });

    it('reads from memory when the real storage throws on read', async () => {
      const broken: PlatformStorage = {
        getItem: () => Promise.reject(new Error('SecurityError')),
        setItem: () => Promise.reject(new Error('SecurityError')),
        removeItem: () => Promise.reject(new Error('SecurityError')),
      };
      const storage = withMemoryFallback(broken);
      expect(await storage.getItem('k')).to.equal(null);
      await storage.setItem('k', 'v');
      expect(await storage.getItem('k')).to.equal('v');
      await storage.removeItem('k');
      expect(await storage.getItem('k')).to.equal(null);
    });

    it('works with no storage at all', async () => {
      const storage = withMemoryFallback(undefined);
      await storage.setItem('k', 'v');
      expect(await storage.getItem('k')).to.equal('v');
    });
  });

  describe('createWebPlatform', () => {
    let mock: MockApi;
    let chats: Chat[];
    let widgetId: string;
    const restore: (() => void)[] = [];

    function start(): Chat {
      const config = createConfig({ widgetId, apiUrl: mock.apiUrl });
      const chat = createChat({
        api: new ApiCaller({ config }),
        config,
        platform: createWebPlatform({ logger: { enabled: false } }),
      });
      chats.push(chat);
      return chat;
    }

    beforeEach(() => {
      mock = new MockApi();
      chats = [];
      widgetId = `web-${mock.ns}`;
    });

    afterEach(() => {
      chats.forEach((c) => c.destroy());
      restore.splice(0).forEach((undo) => undo());
      localStorage.removeItem(`opencx:${widgetId}:chat`);
      localStorage.removeItem(`opencx:${widgetId}:visitor`);
    });

    it('keeps the conversation and the server’s visitor in localStorage across a reload', async () => {
      const first = start();
      await first.sendMessage({ content: 'kept in localStorage' });
      const stored = JSON.parse(localStorage.getItem(`opencx:${widgetId}:chat`)!);
      expect(stored.messages.map((m: { content: string }) => m.content)).to.deep.equal([
        'kept in localStorage',
        'You asked: kept in localStorage',
      ]);
      first.destroy();

      const second = start();
      await second.ready;
      expect(second.getState().messages).to.have.length(2);
      await second.sendMessage({ content: 'again' });
      const tokens = new Set((await mock.log('/api/widget/chat')).map((r) => r.headers['x-visitor-token']));
      expect(tokens.size).to.equal(1);
      expect((await mock.log('/api/widget/visitors')).length).to.equal(1, 'the reload asked for no new visitor');
      const kept = JSON.parse(localStorage.getItem(`opencx:${widgetId}:visitor`)!) as { visitorToken: string };
      expect([...tokens][0]).to.equal(kept.visitorToken);
    });

    it('drops a bare visitor id an older widget kept: it proves nothing, the server makes the visitor', async () => {
      localStorage.setItem(`opencx:${widgetId}:visitor`, 'customer-1234');
      const chat = start();
      await chat.sendMessage({ content: 'hello' });
      const kept = JSON.parse(localStorage.getItem(`opencx:${widgetId}:visitor`)!) as { visitorId: string };
      expect(kept.visitorId).to.match(/^v_/);
      const [request] = await mock.log('/api/widget/chat');
      expect(request!.body!.visitorId).to.equal(undefined);
    });

    it('keeps chatting when localStorage refuses every write (quota, private mode)', async () => {
      const original = Storage.prototype.setItem;
      Storage.prototype.setItem = function () {
        throw quotaExceeded();
      };
      restore.push(() => (Storage.prototype.setItem = original));
      const chat = start();
      const answer = await chat.sendMessage({ content: 'no room left' });
      expect(answer?.content).to.equal('You asked: no room left');
      expect(chat.getState().messages[0]!.status).to.equal('sent');
    });

    it('keeps chatting when reading localStorage throws (blocked storage)', async () => {
      const original = Storage.prototype.getItem;
      Storage.prototype.getItem = function () {
        throw new DOMException('Access is denied.', 'SecurityError');
      };
      restore.push(() => (Storage.prototype.getItem = original));
      const chat = start();
      await chat.ready;
      expect((await chat.sendMessage({ content: 'blocked' }))?.content).to.equal('You asked: blocked');
    });

    it('reports the page’s visibility and connectivity', () => {
      const platform = createWebPlatform();
      expect(platform.env.platform).to.equal('web');
      expect(platform.visibility!.get()).to.equal(document.visibilityState !== 'hidden');
      expect(platform.network!.get()).to.equal(navigator.onLine);
      const seen: boolean[] = [];
      const stop = platform.network!.subscribe((online) => seen.push(online));
      window.dispatchEvent(new Event('online'));
      stop();
      window.dispatchEvent(new Event('online'));
      expect(seen).to.deep.equal([navigator.onLine]);
    });
  });
});
