import { expect } from '@open-wc/testing';
// @ts-expect-error -- served by the live server plugin at run time
import liveOrigin from '/__opencx/live-origin.js';
import { ApiCaller, createChat, createConfig, createWebPlatform } from '../../src/index.js';

// A verified contact against the real server (test/support/live-server.mjs, which signs contact
// tokens for widget `live` as a customer's backend would): the widget sends `contactToken`, and
// when the server refuses it (expired) the visitor goes on anonymous, with one warning logged. A
// contact's conversation follows them to a device that stored nothing.

const origin = liveOrigin as string;

async function contactToken(claims: Record<string, unknown>, expiresIn: string | number): Promise<string> {
  const reply = await fetch(`${origin}/__contact-token`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain' },
    body: JSON.stringify({ ...claims, expiresIn }),
  });
  return reply.text();
}

async function chatWith(token: string) {
  const config = createConfig({
    widgetId: 'live',
    apiUrl: origin,
    contactToken: token,
    settings: { persistSession: false },
  });
  const api = new ApiCaller({ config });
  const warnings: unknown[][] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => void warnings.push(args);
  const chat = createChat({ api, config, platform: createWebPlatform(), pollIntervalMs: 600_000 });
  return {
    api,
    chat,
    warnings,
    restore: () => {
      console.warn = original;
      chat.destroy();
    },
  };
}

describe('verified contacts (contactToken) against the real server', () => {
  it('a valid contact token makes the visitor that contact: the server knows their name', async () => {
    const sub = `grace-${Math.random().toString(36).slice(2)}`;
    const { api, chat, warnings, restore } = await chatWith(
      await contactToken({ sub, name: 'Grace Hopper', email: 'grace@example.com' }, '1h'),
    );
    try {
      await chat.ready;
      await chat.sendMessage({ content: 'How do I install the widget?' });
      const state = chat.getState();
      expect(state.messages.map((m) => m.role)).to.deep.equal(['user', 'assistant']);
      expect(state.messages[0]!.status).to.equal('sent');
      const me = await api.me();
      expect([me.name, me.email]).to.deep.equal(['Grace Hopper', 'grace@example.com']);
      expect(warnings).to.deep.equal([]);
    } finally {
      restore();
    }
  });

  it('on another device (no stored conversation), the contact goes on with their conversation', async () => {
    const sub = `ada-${Math.random().toString(36).slice(2)}`;
    const phone = await chatWith(await contactToken({ sub, name: 'Ada' }, '1h'));
    let conversationId: string | undefined;
    try {
      await phone.chat.ready;
      await phone.chat.sendMessage({ content: 'How do I install the widget?' });
      conversationId = phone.chat.getState().session?.id;
      expect(conversationId).to.be.a('string');
    } finally {
      phone.restore();
    }
    // The laptop keeps nothing (persistSession: false) and has its own token for the same contact.
    const laptop = await chatWith(await contactToken({ sub }, '1h'));
    try {
      await laptop.chat.ready;
      const state = laptop.chat.getState();
      expect(state.session?.id).to.equal(conversationId);
      expect(state.messages.map((m) => m.role)).to.deep.equal(['user', 'assistant']);
      expect(state.messages[0]!.content).to.equal('How do I install the widget?');
      // The next message goes into that conversation, not a new one.
      await laptop.chat.sendMessage({ content: 'And then?' });
      expect(laptop.chat.getState().session?.id).to.equal(conversationId);
      expect(laptop.warnings).to.deep.equal([]);
    } finally {
      laptop.restore();
    }
    // Another contact does not get it.
    const other = await chatWith(await contactToken({ sub: `${sub}-other` }, '1h'));
    try {
      await other.chat.ready;
      expect(other.chat.getState().session).to.equal(null);
    } finally {
      other.restore();
    }
  });

  it('an expired token is refused: the message still goes, as an anonymous visitor, with one warning', async () => {
    const expired = await contactToken({ sub: 'late', name: 'Late Larry' }, Math.floor(Date.now() / 1000) - 60);
    const { api, chat, warnings, restore } = await chatWith(expired);
    try {
      await chat.ready;
      await chat.sendMessage({ content: 'How do I install the widget?' });
      await chat.sendMessage({ content: 'And then?' });
      const state = chat.getState();
      expect(state.messages.filter((m) => m.role === 'user').map((m) => m.status)).to.deep.equal(['sent', 'sent']);
      expect(state.error.hasError).to.equal(false);
      expect(warnings.length).to.equal(1);
      expect(String(warnings[0]!.join(' '))).to.match(/contact token was refused.*expired/);
      const me = await api.me();
      expect(me.name ?? null).to.equal(null);
    } finally {
      restore();
    }
  });
});
