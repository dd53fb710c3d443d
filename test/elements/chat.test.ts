import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { OpenCXChat, OpenCXMessageEvent } from '../../src/elements.js';
import { rejection, waitUntil } from '../support/async.js';
import { fakeClock, nextTimer } from '../support/clock.js';
import { shiftEnter } from '../support/keys.js';
import { MockApi } from '../support/mock.js';
import {
  bubbleTexts,
  chatFixture,
  framePage,
  composerOf,
  deepActiveElement,
  messagesOf,
  nextEvent,
  panelReady,
  panelRoot,
  settled,
  shadow,
  textareaOf,
  triggerButtonOf,
} from '../support/widget.js';

// How <opencx-chat>, its store, its panel and the leaf elements work together. What one leaf does on
// its own (composer, message, forms, trigger) is tested in that leaf's own suite, with no store.

function record(target: EventTarget, ...types: string[]) {
  const seen: { type: string; detail: unknown }[] = [];
  for (const type of types)
    target.addEventListener(type, (e) => seen.push({ type, detail: (e as CustomEvent).detail }));
  return seen;
}

async function answered(el: OpenCXChat, count: number) {
  await waitUntil(() => bubbleTexts(el).length === count, `${count} bubbles are shown`);
}

describe('<opencx-chat>', () => {
  let mock: MockApi;
  beforeEach(() => {
    mock = new MockApi();
  });
  afterEach(() => {
    for (const key of Object.keys(localStorage)) if (key.includes(mock.ns)) localStorage.removeItem(key);
  });

  describe('opening and closing', () => {
    it('opens from the launcher, moves focus to the composer, and closes on Escape back to the launcher', async () => {
      const el = await chatFixture(mock);
      const events = record(el, 'opencx-open', 'opencx-close');
      const button = triggerButtonOf(el);
      expect(button.getAttribute('aria-expanded')).to.equal('false');
      expect(button.getAttribute('aria-label')).to.equal('Open chat');

      button.focus();
      await sendKeys({ press: 'Enter' });
      await panelReady(el);
      await waitUntil(() => deepActiveElement() === textareaOf(el), 'the composer has focus');
      expect(el.open).to.be.true;
      expect(el.hasAttribute('open')).to.be.true;
      expect(triggerButtonOf(el).getAttribute('aria-expanded')).to.equal('true');
      expect(panelOf(el).hidden).to.be.false;

      await sendKeys({ press: 'Escape' });
      await el.updateComplete;
      expect(el.open).to.be.false;
      expect(panelOf(el).hidden).to.be.true;
      expect(deepActiveElement()).to.equal(triggerButtonOf(el));
      expect(events.map((e) => e.type)).to.deep.equal(['opencx-open', 'opencx-close']);
      for (const e of events) expect(Object.keys(e.detail as object)).to.deep.equal(['timestamp']);
      expect((events[0]!.detail as { timestamp: number }).timestamp).to.be.closeTo(Date.now(), 5000);
    });

    it('opening and closing gives the panel no new context: it re-renders only for what it shows', async () => {
      const el = await chatFixture(mock, { open: true });
      await panelReady(el);
      const panel = panelOf(el)!;
      const context = () => (panel as unknown as { ctx: unknown }).ctx;
      const before = context();
      expect(before).to.have.property('strings');
      el.open = false;
      await el.updateComplete;
      el.open = true;
      await el.updateComplete;
      expect(context(), 'the same context object').to.equal(before);
      el.setAttribute('language', 'de');
      await waitUntil(() => context() !== before, 'a change the panel shows gives it a new context');
    });

    it('show(), hide(), toggle(), the open property and attribute all open and close, each change dispatched once', async () => {
      const el = await chatFixture(mock);
      const events = record(el, 'opencx-open', 'opencx-close');
      el.show();
      await el.updateComplete;
      el.show(); // no change: no event
      await el.updateComplete;
      el.hide();
      await el.updateComplete;
      el.toggle();
      await el.updateComplete;
      el.open = false;
      await el.updateComplete;
      el.setAttribute('open', '');
      await el.updateComplete;
      expect(el.open).to.be.true;
      expect(events.map((e) => e.type)).to.deep.equal([
        'opencx-open',
        'opencx-close',
        'opencx-open',
        'opencx-close',
        'opencx-open',
      ]);
    });

    it('hide() then show() in one task changes nothing and dispatches nothing', async () => {
      const el = await chatFixture(mock, { open: true });
      const events = record(el, 'opencx-open', 'opencx-close');
      el.hide();
      el.show();
      await el.updateComplete;
      expect(events).to.deep.equal([]);
    });

    it('gives focus back to whatever opened it, such as a standalone launcher', async () => {
      const wrapper = await fixture<HTMLDivElement>(
        html`<div>
          <opencx-trigger for="help"></opencx-trigger>
          <opencx-chat id="help" widget-id=${`w-${mock.ns}`} api-url=${mock.apiUrl}></opencx-chat>
        </div>`,
      );
      const trigger = wrapper.querySelector('opencx-trigger')!;
      const chat = wrapper.querySelector('opencx-chat')!;
      await trigger.updateComplete;
      const button = shadow(trigger).querySelector('button')!;
      button.focus();
      await sendKeys({ press: 'Enter' });
      await panelReady(chat);
      await waitUntil(() => deepActiveElement() === textareaOf(chat), 'the composer has focus');
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => deepActiveElement() === button, 'focus is back on the standalone launcher');
      expect(chat.open).to.be.false;
    });

    it('a standalone launcher on a static page binds to its chat without errors, whatever is defined first', async () => {
      const { win, doc } = await framePage('standalone.html', mock, { width: 600, height: 500 });
      const chat = doc.getElementById('help') as OpenCXChat;
      const trigger = doc.querySelector('opencx-trigger')!;
      await chat.updateComplete;
      await waitUntil(() => Boolean(shadow(trigger).querySelector('button')), 'the launcher rendered');
      // At once: a click while the launcher's binding to its chat is still loading is not lost.
      shadow(trigger).querySelector('button')!.click();
      await waitUntil(() => chat.open, 'the chat opened');
      expect(win.errors).to.deep.equal([]);
    });

    it('gives focus to the launcher when nothing had focus before opening', async () => {
      const el = await chatFixture(mock);
      (document.activeElement as HTMLElement | null)?.blur();
      el.show();
      await panelReady(el);
      await waitUntil(() => deepActiveElement() === textareaOf(el), 'the composer has focus');
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => deepActiveElement() === triggerButtonOf(el), 'focus is on the launcher');
    });

    it('a standalone launcher bound later follows the chat’s language and colour', async () => {
      const wrapper = await fixture<HTMLDivElement>(
        html`<div>
          <opencx-trigger></opencx-trigger>
          <opencx-chat
            id="later"
            widget-id=${`w-${mock.ns}`}
            api-url=${mock.apiUrl}
            language="de"
            primary-color="#ffd60a"
          ></opencx-chat>
        </div>`,
      );
      const trigger = wrapper.querySelector('opencx-trigger')!;
      const chat = wrapper.querySelector('opencx-chat')!;
      trigger.setAttribute('for', 'later');
      // The pointer over the launcher loads the chat (once the launcher is bound to it).
      await waitUntil(() => {
        trigger.dispatchEvent(new PointerEvent('pointerenter'));
        return chat.translation.openChat !== 'Open chat';
      }, 'German strings loaded');
      chat.setAttribute('greeting', 'Hallo'); // any update tells bound launchers
      await chat.updateComplete;
      await trigger.updateComplete;
      const button = shadow(trigger).querySelector('button')!;
      // The launcher hears the chat's update and renders on its own update cycle after it.
      await waitUntil(() => button.getAttribute('aria-label') === chat.translation.openChat, 'the German label');
      expect(getComputedStyle(button).backgroundColor).to.equal('rgb(255, 214, 10)');
      expect(getComputedStyle(button).color).to.equal('rgb(0, 0, 0)');
      button.click();
      await chat.updateComplete;
      expect(chat.open).to.be.true;
    });

    it('closes from the close button in the header', async () => {
      const el = await chatFixture(mock, { open: true });
      await panelReady(el);
      const closed = nextEvent(el, 'opencx-close');
      panelRoot(el).querySelector<HTMLButtonElement>('[part="close-button"]')!.click();
      await closed;
      expect(el.open).to.be.false;
    });

    it('inline mode counts nothing as unread: the conversation is on screen', async () => {
      const el = await chatFixture(mock, { mode: 'inline' });
      await panelReady(el);
      await el.send('visible');
      expect(el.unreadCount).to.equal(0);
      expect(el.store!.getState().unreadCount).to.equal(0);
    });

    it('inline mode shows the panel with no launcher and no close button, and Escape does nothing', async () => {
      const el = await chatFixture(mock, { mode: 'inline' });
      await panelReady(el);
      expect(Boolean(shadow(el).querySelector('opencx-trigger'))).to.equal(false);
      expect(panelOf(el).hidden).to.be.false;
      expect(Boolean(panelRoot(el).querySelector('[part="close-button"]'))).to.equal(false);
      textareaOf(el).focus();
      await sendKeys({ press: 'Escape' });
      expect(panelOf(el).hidden).to.be.false;
    });

    it('writes no mode attribute of its own: the HTML stays what the page (or its server) rendered', async () => {
      const el = await chatFixture(mock, { open: true });
      await panelReady(el);
      expect(el.mode).to.equal('floating');
      expect(el.hasAttribute('mode')).to.be.false;
      expect(Boolean(shadow(el).querySelector('opencx-trigger'))).to.equal(true);
    });

    it('mode="inline" written by the page, or set as a property, still lays the chat out inline', async () => {
      const written = await fixture<OpenCXChat>(
        html`<opencx-chat mode="inline" widget-id=${`w-${mock.ns}`} api-url=${mock.apiUrl}></opencx-chat>`,
      );
      await written.load();
      await panelReady(written);
      expect(written.getAttribute('mode')).to.equal('inline');
      expect(getComputedStyle(written).display).to.equal('block');
      expect(Boolean(shadow(written).querySelector('opencx-trigger'))).to.equal(false);

      const set = await chatFixture(mock);
      set.mode = 'inline';
      await set.updateComplete;
      expect(set.getAttribute('mode')).to.equal('inline', 'the property is reflected for the styles');
      expect(getComputedStyle(set).display).to.equal('block');
      // Removing the attribute goes back to the default, floating.
      set.removeAttribute('mode');
      await set.updateComplete;
      expect(set.mode).to.equal('floating');
      expect(getComputedStyle(set).display).to.equal('contents');
    });

    it('a standalone <opencx-trigger for> opens the chat it names', async () => {
      const wrapper = await fixture<HTMLDivElement>(
        html`<div>
          <opencx-trigger for="help"></opencx-trigger>
          <opencx-chat id="help" widget-id=${`w-${mock.ns}`} api-url=${mock.apiUrl}></opencx-chat>
        </div>`,
      );
      const trigger = wrapper.querySelector('opencx-trigger')!;
      const chat = wrapper.querySelector('opencx-chat')!;
      await trigger.updateComplete;
      const button = shadow(trigger).querySelector('button')!;
      button.click();
      await waitUntil(() => chat.open, 'the chat opened');
      await waitUntil(() => button.getAttribute('aria-expanded') === 'true', 'the launcher says so');
      button.click();
      await waitUntil(() => !chat.open, 'the chat closed');
    });
  });

  describe('conversation', () => {
    it('send() resolves with the answer shown; both messages are dispatched with their exact detail', async () => {
      const el = await chatFixture(mock, { open: true });
      await panelReady(el);
      const messages: OpenCXMessageEvent['detail'][] = [];
      el.addEventListener('opencx-message', (e) => messages.push(e.detail));
      await el.send('How do I install it?');
      await answered(el, 3);
      expect(bubbleTexts(el)).to.deep.equal([
        'Hi! Ask me anything.',
        'How do I install it?',
        'You asked: How do I install it?',
      ]);
      const [conversation] = (await mock.state()).conversations;
      const [user, assistant] = conversation!.messages;
      expect(messages).to.deep.equal([
        { content: 'How do I install it?', role: 'user', messageId: user!.messageId },
        { content: 'You asked: How do I install it?', role: 'assistant', messageId: assistant!.messageId },
      ]);
      // The server's citations reach the bubble (message.test.ts checks how they are rendered).
      const citation = messagesOf(el)[2]!.querySelector<HTMLAnchorElement>('[part="citation"] a')!;
      expect(citation.href).to.equal('https://docs.example/start#install');
    });

    it('what the visitor types in the composer is sent and shown, line breaks and all', async () => {
      const el = await chatFixture(mock, { open: true });
      await panelReady(el);
      textareaOf(el).focus();
      await sendKeys({ type: 'first line' });
      await shiftEnter();
      await sendKeys({ type: 'second line' });
      await sendKeys({ press: 'Enter' });
      await answered(el, 3);
      expect(bubbleTexts(el)[1]).to.equal('first line\nsecond line');
      expect(textareaOf(el).value).to.equal('');
    });

    it('shows the prelude’s quick replies until the first message, and a click sends one', async () => {
      const el = await chatFixture(mock, { open: true });
      await panelReady(el);
      await waitUntil(() => panelRoot(el).querySelectorAll('[part="quick-reply"]').length === 2, 'quick replies');
      panelRoot(el).querySelector<HTMLButtonElement>('[part="quick-reply"]')!.click();
      await answered(el, 3);
      expect(bubbleTexts(el)[1]).to.equal('How do I install it?');
      await el.updateComplete;
      await panelOf(el).updateComplete;
      expect(Boolean(panelRoot(el).querySelector('[part="quick-replies"]'))).to.equal(false);
    });

    it('feedback is shown as chosen, stored, and dispatched with its detail', async () => {
      const el = await chatFixture(mock, { open: true });
      await panelReady(el);
      await el.send('Rate this');
      await answered(el, 3);
      const answer = messagesOf(el)[2]!;
      const feedback = nextEvent<CustomEvent>(el, 'opencx-feedback');
      answer.querySelector<HTMLButtonElement>('[part="feedback-button"]')!.click();
      const event = await feedback;
      const messageId = (await mock.state()).conversations[0]!.messages[1]!.messageId;
      expect(event.detail).to.deep.equal({ messageId, type: 'positive' });
      expect((await mock.state()).feedback).to.deep.equal([{ widgetId: `w-${mock.ns}`, messageId, type: 'positive' }]);
      await panelOf(el)!.updateComplete;
      const [up, down] = answer.querySelectorAll('[part="feedback-button"]');
      expect(up!.getAttribute('aria-pressed')).to.equal('true');
      expect(down!.getAttribute('aria-pressed')).to.equal('false');
    });

    it('a failed message says so and can be retried', async () => {
      const el = await chatFixture(mock, { open: true });
      await panelReady(el);
      await mock.refuse(400, 'bad_request', { path: '/chat', message: 'No.' });
      await el.send('try me').catch(() => {});
      // The message may not be on screen yet when the first check runs.
      await waitUntil(() => Boolean(messagesOf(el)[1]?.querySelector('[part="retry-button"]')), 'a retry button');
      expect(messagesOf(el)[1]!.querySelector('[part="status"]')!.textContent).to.contain('Not sent.');
      messagesOf(el)[1]!.querySelector<HTMLButtonElement>('[part="retry-button"]')!.click();
      await answered(el, 3);
      expect(bubbleTexts(el)[2]).to.equal('You asked: try me');
    });

    it('counts answers that arrive while closed on the launcher, and clears them on open', async () => {
      const el = await chatFixture(mock);
      await el.send('while closed');
      await el.updateComplete;
      const trigger = shadow(el).querySelector('opencx-trigger')!;
      await trigger.updateComplete;
      expect(shadow(trigger).querySelector('[part="badge"]')!.textContent).to.equal('1');
      expect(triggerButtonOf(el).getAttribute('aria-label')).to.equal('Open chat (1 unread message)');
      el.show();
      await el.updateComplete;
      await trigger.updateComplete;
      expect(Boolean(shadow(trigger).querySelector('[part="badge"]'))).to.equal(false);
      expect(el.unreadCount).to.equal(0);
    });

    it('send() works straight after the element is created', async () => {
      const holder = await fixture<HTMLDivElement>(html`<div></div>`);
      const el = document.createElement('opencx-chat');
      el.setAttribute('widget-id', `w-${mock.ns}`);
      el.setAttribute('api-url', mock.apiUrl);
      holder.append(el);
      await el.send('so soon?');
      expect((await mock.state()).conversations[0]!.messages.map((m) => m.content)).to.deep.equal([
        'so soon?',
        'You asked: so soon?',
      ]);
    });

    it('uses a store injected after it was connected, and stops its own', async () => {
      const { ApiCaller, createChat, createConfig } = await import('../../src/index.js');
      const el = await chatFixture(mock, { open: true });
      await panelReady(el);
      const own = el.store!;
      const other = new MockApi();
      const config = createConfig({
        widgetId: `w-${other.ns}`,
        apiUrl: other.apiUrl,
        settings: { persistSession: false },
      });
      const injected = createChat({ api: new ApiCaller({ config }), config });
      const messages: string[] = [];
      el.addEventListener('opencx-message', (e) => messages.push(e.detail.content));
      el.store = injected;
      await el.updateComplete;
      await el.send('through the injected store');
      expect(messages).to.deep.equal(['through the injected store', 'You asked: through the injected store']);
      expect((await other.state()).conversations).to.have.length(1);
      expect((await rejection(own.sendMessage({ content: 'x' }))).message).to.contain('destroyed');
      injected.destroy();
    });

    it('reset() starts a new conversation', async () => {
      const el = await chatFixture(mock, { open: true });
      await panelReady(el);
      await el.send('old topic');
      await answered(el, 3);
      await el.reset();
      await answered(el, 1);
      expect(bubbleTexts(el)).to.deep.equal(['Hi! Ask me anything.']);
    });

    it('keeps the conversation across a reload, unless persist-session="false"', async () => {
      const first = await chatFixture(mock, { open: true });
      await first.send('remember me');
      first.remove();
      const second = await chatFixture(mock, { open: true });
      await panelReady(second);
      await answered(second, 3);
      second.remove();
      for (const key of Object.keys(localStorage)) if (key.includes(mock.ns)) localStorage.removeItem(key);

      const third = await chatFixture(mock, { open: true, 'persist-session': 'false' });
      await third.send('forget me');
      third.remove();
      const fourth = await chatFixture(mock, { open: true, 'persist-session': 'false' });
      await panelReady(fourth);
      await answered(fourth, 1);
      await fourth.store!.ready;
      await panelOf(fourth).updateComplete;
      expect(bubbleTexts(fourth)).to.deep.equal(['Hi! Ask me anything.']);
    });
  });

  describe('talking to a person', () => {
    const formOf = (el: OpenCXChat) => shadow(panelRoot(el).querySelector('opencx-escalation-form'));

    it('offers a person when the bot was unsure; the form escalates, confirms and dispatches', async () => {
      const el = await chatFixture(mock, { open: true });
      await panelReady(el);
      await el.store!.ready;
      await el.send('Can you fix my invoice? [refuse]');
      await answered(el, 3);
      const answer = messagesOf(el)[2]!;
      expect(answer.querySelector('[part="escalation-offer"]')!.textContent).to.contain(
        'Would you like to talk to a person?',
      );
      answer.querySelector<HTMLButtonElement>('[part="escalation-offer-button"]')!.click();
      await waitUntil(() => deepActiveElement()?.id === 'email', 'the email field has focus');
      const form = formOf(el);
      expect(form.querySelector<HTMLTextAreaElement>('#message')!.value).to.equal('Can you fix my invoice? [refuse]');
      await settled(el);
      await expect(el).to.be.accessible();
      // How the form checks its fields: escalation-form.test.ts.

      const escalated = nextEvent<CustomEvent>(el, 'opencx-escalate');
      form.querySelector<HTMLInputElement>('#email')!.value = 'ana@example.com';
      form.querySelector<HTMLButtonElement>('[part="form-submit"]')!.click();
      expect((await escalated).detail).to.deep.equal({
        email: 'ana@example.com',
        message: 'Can you fix my invoice? [refuse]',
      });
      expect((await mock.state()).tickets[0]).to.include({
        email: 'ana@example.com',
        message: 'Can you fix my invoice? [refuse]',
      });
      await waitUntil(() => Boolean(panelRoot(el).querySelector('[part="escalation-done"]')), 'the confirmation');
      expect(panelRoot(el).querySelector('[part="escalation-done"]')!.textContent).to.equal(
        'Thanks! A person will get back to you soon.',
      );
      await waitUntil(() => deepActiveElement() === textareaOf(el), 'focus is back in the composer');
      expect(Boolean(panelRoot(el).querySelector('[part="escalate-button"]'))).to.equal(false);

      // A person joins: their own line and name take over from the promise that one will come.
      const conversationId = el.store!.getState().session!.id;
      await mock.agent({ conversationId, status: 'agent', agentMessage: 'Hi, I am Sam.' });
      await waitUntil(() => bubbleTexts(el).includes('Hi, I am Sam.'), 'the agent’s reply', 8000);
      await waitUntil(() => !panelRoot(el).querySelector('[part="escalation-done"]'), 'the confirmation is gone');
      const reply = messagesOf(el).at(-1)!;
      expect(reply.querySelector('.author')!.textContent).to.equal('Sam');
      await expect(el).to.be.accessible();
    });

    it('opens from the header and cancels back to the composer', async () => {
      const el = await chatFixture(mock, { open: true });
      await panelReady(el);
      await el.store!.ready;
      await panelOf(el).updateComplete;
      panelRoot(el).querySelector<HTMLButtonElement>('[part="escalate-button"]')!.click();
      await waitUntil(() => deepActiveElement()?.id === 'email', 'the email field has focus');
      expect(composerOf(el).hidden).to.be.true;
      formOf(el).querySelector<HTMLButtonElement>('[part="form-cancel"]')!.click();
      await waitUntil(() => deepActiveElement() === textareaOf(el), 'focus is back in the composer');
      expect(Boolean(panelRoot(el).querySelector('opencx-escalation-form'))).to.equal(false);
    });

    it('says so when asking for a person fails, and keeps what was typed', async () => {
      const el = await chatFixture(mock, { open: true });
      await panelReady(el);
      await el.send('hello');
      await answered(el, 3);
      // A refusal no retry changes (a 5xx or a lost connection is retried, like a message).
      await mock.refuse(400, 'bad_request', { path: '/escalate' });
      panelRoot(el).querySelector<HTMLButtonElement>('[part="escalate-button"]')!.click();
      await waitUntil(() => deepActiveElement()?.id === 'email', 'the form is open');
      formOf(el).querySelector<HTMLInputElement>('#email')!.value = 'ana@example.com';
      formOf(el).querySelector<HTMLButtonElement>('[part="form-submit"]')!.click();
      await waitUntil(() => Boolean(formOf(el).querySelector('[role="alert"]')), 'the failure is shown');
      expect(formOf(el).querySelector('[role="alert"]')!.textContent).to.contain('We can’t reach the chat');
      expect(formOf(el).querySelector<HTMLInputElement>('#email')!.value).to.equal('ana@example.com');
    });

    it('asking for a person outlasts a server failing once: tried again, one ticket, the confirmation', async () => {
      const el = await chatFixture(mock, { open: true });
      await panelReady(el);
      await el.send('hello');
      await answered(el, 3);
      await mock.refuse(500, 'internal', { path: '/escalate' });
      panelRoot(el).querySelector<HTMLButtonElement>('[part="escalate-button"]')!.click();
      await waitUntil(() => deepActiveElement()?.id === 'email', 'the form is open');
      formOf(el).querySelector<HTMLInputElement>('#email')!.value = 'ana@example.com';
      formOf(el).querySelector<HTMLButtonElement>('[part="form-submit"]')!.click();
      await waitUntil(() => Boolean(panelRoot(el).querySelector('[part="escalation-done"]')), 'the confirmation', 8000);
      expect(await mock.log('/escalate')).to.have.length(2);
      expect((await mock.state()).tickets).to.have.length(1);
    });
  });

  describe('collect-user-data', () => {
    const formOf = (el: OpenCXChat) => shadow(panelRoot(el).querySelector('opencx-contact-form'));

    it('asks for name and email before the first message, saves them, then lets the visitor chat', async () => {
      const el = await chatFixture(mock, { 'collect-user-data': true });
      el.show();
      await panelReady(el);
      await waitUntil(() => deepActiveElement()?.id === 'name', 'the name field has focus');
      expect(composerOf(el).hidden).to.be.true;
      expect(Boolean(formOf(el).querySelector('[part="form-cancel"]')), 'no skip when required').to.equal(false);
      await settled(el);
      await expect(el).to.be.accessible();

      // How the form checks its fields: contact-form.test.ts.
      formOf(el).querySelector<HTMLInputElement>('#name')!.value = 'Ana';
      formOf(el).querySelector<HTMLInputElement>('#email')!.value = 'ana@example.com';
      formOf(el).querySelector<HTMLButtonElement>('[part="form-submit"]')!.click();
      await waitUntil(() => deepActiveElement() === textareaOf(el), 'the composer has focus');
      expect((await mock.state()).contacts[0]).to.include({ name: 'Ana', email: 'ana@example.com' });
      expect(Boolean(panelRoot(el).querySelector('opencx-contact-form'))).to.equal(false);
      expect(composerOf(el).hidden).to.be.false;

      el.remove(); // a reload does not ask again
      const again = await chatFixture(mock, { open: true, 'collect-user-data': true });
      await panelReady(again);
      await again.store!.ready;
      await panelOf(again).updateComplete;
      expect(Boolean(panelRoot(again).querySelector('opencx-contact-form'))).to.equal(false);
    });

    it('collect-user-data="optional" can be skipped', async () => {
      const el = await chatFixture(mock, { open: true, 'collect-user-data': 'optional' });
      await panelReady(el);
      await waitUntil(() => Boolean(panelRoot(el).querySelector('opencx-contact-form')), 'the form');
      await panelRoot(el).querySelector('opencx-contact-form')!.updateComplete;
      formOf(el).querySelector<HTMLButtonElement>('[part="form-cancel"]')!.click();
      await waitUntil(() => deepActiveElement() === textareaOf(el), 'the composer has focus');
      expect((await mock.state()).contacts).to.have.length(0);
    });

    it('does not ask a visitor the site already knows', async () => {
      const el = await chatFixture(mock, { open: true, 'collect-user-data': true });
      el.config = { user: { name: 'Ana', email: 'ana@example.com' } };
      await el.updateComplete;
      await panelReady(el);
      await el.store!.ready;
      await panelOf(el).updateComplete;
      expect(Boolean(panelRoot(el).querySelector('opencx-contact-form'))).to.equal(false);
    });
  });

  describe('sound', () => {
    let played: string[];
    let unhandled: PromiseRejectionEvent[];
    const onUnhandled = (e: PromiseRejectionEvent) => unhandled.push(e);
    const saved = { play: HTMLMediaElement.prototype.play, AudioContext: window.AudioContext };

    beforeEach(() => {
      played = [];
      unhandled = [];
      window.addEventListener('unhandledrejection', onUnhandled);
      // The browser's autoplay policy, as on a page the visitor has not touched yet: play() is refused.
      HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
        played.push(this.src);
        return Promise.reject(new DOMException('play() needs a user gesture', 'NotAllowedError'));
      };
    });

    afterEach(() => {
      window.removeEventListener('unhandledrejection', onUnhandled);
      HTMLMediaElement.prototype.play = saved.play;
      window.AudioContext = saved.AudioContext;
    });

    it('plays the configured sound when an answer arrives while the panel is closed, and a refused autoplay is harmless', async () => {
      const el = await chatFixture(mock, { sound: true });
      el.config = { soundEffectFiles: { messageArrived: '/sounds/ding.mp3' } };
      await el.updateComplete;
      await el.send('ping');
      await new Promise((r) => setTimeout(r, 50));
      expect(played).to.deep.equal([`${location.origin}/sounds/ding.mp3`]);
      expect(unhandled).to.have.length(0);
    });

    it('stays quiet while the visitor is looking at the open panel, or when sound is off', async () => {
      const open = await chatFixture(mock, { sound: true, open: true });
      open.config = { soundEffectFiles: { messageArrived: '/sounds/ding.mp3' } };
      await open.send('ping');
      const quiet = await chatFixture(new MockApi());
      quiet.config = { soundEffectFiles: { messageArrived: '/sounds/ding.mp3' } };
      await quiet.send('ping');
      await new Promise((r) => setTimeout(r, 50));
      expect(played).to.deep.equal([]);
    });

    it('plays a built-in chime through Web Audio when no file is configured', async () => {
      const tones: number[] = [];
      class FakeAudioContext {
        currentTime = 0;
        destination = {};
        createGain() {
          return { connect() {}, gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} } };
        }
        createOscillator() {
          const tone = {
            frequency: { value: 0 },
            connect() {},
            start: () => tones.push(tone.frequency.value),
            stop() {},
          };
          return tone;
        }
        close() {
          return Promise.resolve();
        }
      }
      window.AudioContext = FakeAudioContext as unknown as typeof AudioContext;
      const el = await chatFixture(mock, { sound: true });
      await el.send('ping');
      await new Promise((r) => setTimeout(r, 50));
      expect(tones).to.deep.equal([880, 1320]);
      expect(played).to.deep.equal([]);
    });
  });

  describe('attributes', () => {
    it('token works as the widget id', async () => {
      const holder = await fixture<HTMLDivElement>(html`<div></div>`);
      const ready = nextEvent<CustomEvent>(holder, 'opencx-ready');
      const el = document.createElement('opencx-chat');
      el.setAttribute('token', `w-${mock.ns}`);
      el.setAttribute('api-url', mock.apiUrl);
      holder.append(el);
      void el.load();
      expect((await ready).detail).to.deep.equal({ widgetId: `w-${mock.ns}` });
      expect((await mock.log('/prelude'))[0]!.path).to.equal(`/api/widget/w-${mock.ns}/prelude`);
    });

    it('debug logs what the widget does', async () => {
      const lines: string[] = [];
      const original = console.debug;
      console.debug = (...args: unknown[]) => void lines.push(args.join(' '));
      const clock = fakeClock();
      try {
        await mock.refuse(500, 'internal', { path: '/chat' });
        const el = await chatFixture(mock, { debug: true });
        const sent = el.send('hello');
        // The retry waits 0.5–1 s: on fake time, stepped as soon as the store waits for it.
        await nextTimer(clock, () => lines.some((l) => l.includes('attempt 2')), 'the store waits to retry');
        await sent;
        expect(lines.join('\n')).to.contain('[OpenCX] Sending failed (internal); attempt 2');
      } finally {
        console.debug = original;
        clock.uninstall();
      }
    });

    it('greeting, placeholder, bot-name and bot-avatar override the server’s settings', async () => {
      const el = await chatFixture(mock, {
        open: true,
        greeting: 'Welcome to Acme!',
        placeholder: 'Type your question',
        'bot-name': 'Max',
        'bot-avatar': 'data:image/png;base64,iVBORw0KGgo=',
      });
      await panelReady(el);
      await waitUntil(() => bubbleTexts(el).length === 1, 'the greeting');
      expect(bubbleTexts(el)).to.deep.equal(['Welcome to Acme!']);
      expect(panelRoot(el).querySelector('[part="title"]')!.textContent).to.equal('Max');
      expect(panelRoot(el).querySelector<HTMLImageElement>('[part="avatar"]')!.src).to.match(/^data:image\/png/);
      await composerOf(el).updateComplete;
      expect(textareaOf(el).placeholder).to.equal('Type your question');
    });

    it('primary-color colours the header with readable text; a light colour gets black text', async () => {
      const el = await chatFixture(mock, { open: true, 'primary-color': '#ffd60a' });
      await panelReady(el);
      const header = getComputedStyle(panelRoot(el).querySelector('[part="header"]')!);
      expect(header.backgroundColor).to.equal('rgb(255, 214, 10)');
      expect(header.color).to.equal('rgb(0, 0, 0)');
      el.setAttribute('primary-color', 'darkblue');
      await el.updateComplete;
      expect(getComputedStyle(panelRoot(el).querySelector('[part="header"]')!).color).to.equal('rgb(255, 255, 255)');
    });

    it('theme="dark" darkens the panel; theme="light" keeps it light', async () => {
      const el = await chatFixture(mock, { open: true, theme: 'dark' });
      await panelReady(el);
      const background = () => getComputedStyle(panelRoot(el).querySelector('.panel')!).backgroundColor;
      expect(background()).to.equal('rgb(17, 24, 39)');
      el.setAttribute('theme', 'light');
      await el.updateComplete;
      expect(background()).to.equal('rgb(255, 255, 255)');
    });

    it('position and trigger-offset place the launcher', async () => {
      const el = await chatFixture(mock, { position: 'bottom-left', 'trigger-offset': '40px' });
      const box = shadow(el).querySelector('opencx-trigger')!.getBoundingClientRect();
      expect(box.left).to.equal(40);
      expect(window.innerHeight - box.bottom).to.equal(40);
    });

    it('language="ar" translates the interface and lays it out right to left', async () => {
      const el = await chatFixture(mock, { open: true, language: 'ar' });
      await panelReady(el);
      await waitUntil(() => triggerButtonOf(el).getAttribute('aria-label') !== 'Close chat', 'Arabic strings loaded');
      expect(shadow(el).querySelector('.root')!.getAttribute('dir')).to.equal('rtl');
      expect(getComputedStyle(panelRoot(el).querySelector('.panel')!).direction).to.equal('rtl');
      expect(panelRoot(el).querySelector('[part="messages"]')!.getAttribute('aria-label')).to.not.equal('Conversation');
      expect(shadow(composerOf(el)).querySelector('textarea')!.getAttribute('aria-label')).to.match(/[\u0600-\u06FF]/);
    });

    it('strings in the config property replace the built-in ones', async () => {
      const el = await chatFixture(mock);
      el.config = { strings: { openChat: 'Need help?' } };
      await waitUntil(() => triggerButtonOf(el).getAttribute('aria-label') === 'Need help?', 'the override is used');
    });

    it('attributes win over the same field in the config property', async () => {
      const el = await chatFixture(mock, { open: true, greeting: 'From the attribute' });
      el.config = { greeting: 'From config', placeholder: 'Config placeholder' };
      await el.updateComplete;
      await panelReady(el);
      await waitUntil(() => bubbleTexts(el)[0] === 'From the attribute', 'the attribute greeting');
      await composerOf(el).updateComplete;
      expect(textareaOf(el).placeholder).to.equal('Config placeholder');
    });
  });

  describe('bad input', () => {
    it('a missing widget id logs one clear error, dispatches opencx-error, and shows a message instead of a broken panel', async () => {
      const errors: unknown[][] = [];
      const original = console.error;
      console.error = (...args: unknown[]) => errors.push(args);
      try {
        const holder = await fixture<HTMLDivElement>(html`<div></div>`);
        const seen = record(holder, 'opencx-error');
        const el = document.createElement('opencx-chat');
        el.setAttribute('api-url', mock.apiUrl);
        el.open = true;
        holder.append(el);
        await el.updateComplete;
        el.setAttribute('greeting', 'still broken');
        await el.updateComplete;
        await panelReady(el);
        expect(errors).to.have.length(1);
        expect(errors[0]!.join(' ')).to.contain('[OpenCX] <opencx-chat>: createConfig: "widgetId"');
        expect(seen).to.have.length(1);
        expect(seen[0]!.detail).to.deep.include({ code: 'invalid_configuration' });
        expect((seen[0]!.detail as { message: string }).message).to.contain('widgetId');
        expect(panelRoot(el).querySelector('[part="error"]')!.textContent).to.equal(
          'This chat isn’t set up correctly yet.',
        );
        expect(textareaOf(el).disabled).to.be.true;
        expect(await rejection(el.send('hi'))).to.be.instanceOf(Error);
      } finally {
        console.error = original;
      }
    });

    it('an unknown widget dispatches opencx-error and says the chat is unavailable', async () => {
      const holder = await fixture<HTMLDivElement>(html`<div></div>`);
      const error = nextEvent<CustomEvent>(holder, 'opencx-error');
      holder.innerHTML = '';
      const el = document.createElement('opencx-chat');
      el.setAttribute('widget-id', 'unknown-widget');
      el.setAttribute('api-url', mock.apiUrl);
      el.open = true;
      holder.append(el);
      expect((await error).detail).to.deep.include({ code: 'widget_not_found' });
      await panelReady(el);
      await waitUntil(
        () => panelRoot(el).querySelector('[part="error"]')?.textContent === 'This chat isn’t available.',
        'the message',
      );
    });

    it('a site that is not allowed is told so', async () => {
      const el = await chatFixture(mock, { open: true, 'widget-id': 'foreign-widget' });
      await panelReady(el);
      await waitUntil(
        () =>
          panelRoot(el).querySelector('[part="error"]')?.textContent === 'This chat isn’t available on this website.',
        'the message',
      );
    });

    it('an unreachable backend is told so', async () => {
      const el = await chatFixture(mock, { open: true, 'api-url': 'http://127.0.0.1:1' });
      await panelReady(el);
      await waitUntil(
        () =>
          panelRoot(el).querySelector('[part="error"]')?.textContent?.startsWith('We can’t reach the chat') === true,
        'the message',
        6000,
      );
    });

    it('a 401 with the server’s own code is shown as not allowed', async () => {
      await mock.refuse(401, 'invalid_token', { path: '/prelude' });
      const el = await chatFixture(mock, { open: true });
      await panelReady(el);
      await waitUntil(
        () =>
          panelRoot(el).querySelector('[part="error"]')?.textContent === 'This chat isn’t available on this website.',
        'the message',
      );
    });

    it('asks for the settings again after a passing failure, then is ready and the message goes', async () => {
      await mock.refuse(503, 'internal', { path: '/prelude', message: 'Busy.' });
      const holder = await fixture<HTMLDivElement>(html`<div></div>`);
      const ready = nextEvent<CustomEvent>(holder, 'opencx-ready');
      // The second try comes 0.5–1 s after the first: on fake time, stepped once the first has failed.
      const clock = fakeClock();
      try {
        const el = document.createElement('opencx-chat');
        el.setAttribute('widget-id', `w-${mock.ns}`);
        el.setAttribute('api-url', mock.apiUrl);
        el.open = true;
        holder.append(el);
        await panelReady(el);
        const problem = () =>
          panelRoot(el).querySelector('[part="error"]')?.textContent?.startsWith('We can’t reach') === true;
        await waitUntil(problem, 'the problem is shown');
        await nextTimer(clock, problem, 'the store waits to ask again');
        expect((await ready).detail).to.deep.equal({ widgetId: `w-${mock.ns}` });
        await waitUntil(() => !panelRoot(el).querySelector('[part="error"]'), 'the problem is gone');
        expect(await mock.log('/prelude')).to.have.length(2);
      } finally {
        clock.uninstall();
      }
    });

    it('opencx-ready carries the widget id once the settings are loaded', async () => {
      const holder = await fixture<HTMLDivElement>(html`<div></div>`);
      const ready = nextEvent<CustomEvent>(holder, 'opencx-ready');
      const el = document.createElement('opencx-chat');
      el.setAttribute('widget-id', `w-${mock.ns}`);
      el.setAttribute('api-url', mock.apiUrl);
      holder.append(el);
      void el.load();
      expect((await ready).detail).to.deep.equal({ widgetId: `w-${mock.ns}` });
    });
  });

  describe('styling', () => {
    it('a page’s opencx-chat::part() rules reach every part the widget renders', async () => {
      const el = await chatFixture(mock, { open: true, 'bot-avatar': 'data:image/png;base64,iVBORw0KGgo=' });
      await panelReady(el);
      await el.store!.ready;
      await el.send('Where are the docs?');
      await el.send('Something hard [refuse]');
      await mock.refuse(400, 'bad_request', { path: '/chat' });
      await el.send('this one fails').catch(() => {});
      await answered(el, 6);
      panelRoot(el).querySelector<HTMLButtonElement>('[part="escalate-button"]')!.click();
      await waitUntil(() => deepActiveElement()?.id === 'email', 'the form is open');

      // Each part under the name the page sees: renamed (or dropped) by every host's exportparts on the way out.
      const parts = new Map<string, Element[]>();
      const hidden: string[] = [];
      const walk = (root: ShadowRoot, outward: (name: string) => string | undefined) => {
        for (const node of root.querySelectorAll('*')) {
          for (const name of node.part) {
            const seen = outward(name);
            if (seen) parts.set(seen, [...(parts.get(seen) ?? []), node]);
            else hidden.push(`${node.localName} part=${name}`);
          }
          if (!node.shadowRoot) continue;
          const exported = new Map(
            (node.getAttribute('exportparts') ?? '')
              .split(',')
              .map((entry) => entry.split(':').map((n) => n.trim()))
              .filter(([inner]) => inner)
              .map(([inner, outer]) => [inner!, outer ?? inner!]),
          );
          walk(node.shadowRoot, (name) => (exported.has(name) ? outward(exported.get(name)!) : undefined));
        }
      };
      walk(shadow(el), (name) => name);
      expect(hidden, 'parts not forwarded to the page').to.deep.equal([]);
      const style = document.createElement('style');
      style.textContent = [...parts.keys()]
        .map((name) => `opencx-chat::part(${name}) { --probe-${name}: on; }`)
        .join('\n');
      document.head.append(style);
      try {
        const unreached = [...parts].filter(([name, nodes]) =>
          nodes.some((n) => getComputedStyle(n).getPropertyValue(`--probe-${name}`).trim() !== 'on'),
        );
        expect(unreached.map(([name]) => name)).to.deep.equal([]);
        expect(parts.size).to.be.at.least(30);
      } finally {
        style.remove();
      }
    });
  });

  describe('accessibility', () => {
    it('is axe-clean closed, open, with a cited answer, in error, right to left and dark', async () => {
      const el = await chatFixture(mock);
      const check = async () => {
        await settled(el);
        await expect(el).to.be.accessible();
      };
      await check();
      el.show();
      await panelReady(el);
      await check();
      await el.send('How do I **install** it?');
      await answered(el, 3);
      await check();
      el.setAttribute('language', 'he');
      el.setAttribute('theme', 'dark');
      await el.updateComplete;
      await check();
      el.removeAttribute('widget-id');
      await el.updateComplete;
      await panelOf(el).updateComplete;
      await check();
    });

    it('adds no second banner to a page that has its own header', async () => {
      const page = document.createElement('header');
      page.textContent = 'The site';
      document.body.prepend(page);
      try {
        const el = await chatFixture(mock, { open: true });
        await panelReady(el);
        await expect(el).to.be.accessible(); // loads axe; the landmark rules need the whole page
        const { axe } = window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<AxeResults> } };
        const results = await axe.run(document, { runOnly: ['landmark-no-duplicate-banner', 'landmark-unique'] });
        expect(results.violations.map((v) => v.id)).to.deep.equal([]);
      } finally {
        page.remove();
      }
    });

    it('labels the panel as a dialog by its title and the conversation as a log', async () => {
      const el = await chatFixture(mock, { open: true, 'bot-name': 'Max' });
      await panelReady(el);
      const dialog = panelRoot(el).querySelector('[role="dialog"]')!;
      expect(dialog.getAttribute('aria-modal')).to.equal('false');
      expect(panelRoot(el).getElementById(dialog.getAttribute('aria-labelledby')!)!.textContent).to.equal('Max');
      expect(panelRoot(el).querySelector('[part="messages"]')!.getAttribute('role')).to.equal('log');
      const button = triggerButtonOf(el) as HTMLButtonElement & { ariaControlsElements?: Element[] };
      if ('ariaControlsElements' in button) expect(button.ariaControlsElements![0] === panelOf(el)).to.be.true;
      expect(button.getAttribute('aria-haspopup')).to.equal('dialog');
    });

    it('announces a new answer once it is complete', async () => {
      const el = await chatFixture(mock, { open: true });
      await panelReady(el);
      await el.store!.ready; // the bot's name comes with the widget's settings
      await el.send('Announce this');
      await answered(el, 3);
      await panelOf(el).updateComplete;
      const live = panelRoot(el).querySelector('[aria-live="polite"].visually-hidden')!;
      expect(live.textContent).to.equal('New answer from Ada: You asked: Announce this');
    });
  });
});

interface AxeResults {
  violations: { id: string }[];
}

function panelOf(el: OpenCXChat) {
  return shadow(el).querySelector('opencx-panel')!;
}
