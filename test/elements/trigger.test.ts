import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { deepActiveElement } from '../../src/elements/deep-active-element.js';
import type { OpenCXTrigger } from '../../src/elements/trigger/trigger.js';
import { triggerFixture } from '../support/harness/trigger.js';

describe('<opencx-trigger>', () => {
  it('closed: a button that opens a dialog, labelled “Open chat”, with the chat icon', async () => {
    const trigger = await triggerFixture();

    expect(trigger.button.type).to.equal('button');
    expect(trigger.button.getAttribute('aria-label')).to.equal('Open chat');
    expect(trigger.button.getAttribute('aria-expanded')).to.equal('false');
    expect(trigger.button.getAttribute('aria-haspopup')).to.equal('dialog');
    expect(trigger.badge).to.equal(null);
    await expect(trigger.element).to.be.accessible();
  });

  it('expanded: labelled “Close chat”, with the close icon', async () => {
    const trigger = await triggerFixture();
    const chatIcon = trigger.iconPath;

    await trigger.set({ expanded: true });

    expect(trigger.button.getAttribute('aria-label')).to.equal('Close chat');
    expect(trigger.button.getAttribute('aria-expanded')).to.equal('true');
    expect(trigger.iconPath).to.be.a('string').and.not.equal(chatIcon);
    await expect(trigger.element).to.be.accessible();
  });

  it('unread answers: a badge, and the count in the button’s name', async () => {
    const trigger = await triggerFixture({ unread: 1 });

    expect(trigger.badge!.textContent).to.equal('1');
    // The name says it: the badge itself is hidden from assistive technology, not read twice.
    expect(trigger.badge!.getAttribute('aria-hidden')).to.equal('true');
    expect(trigger.button.getAttribute('aria-label')).to.equal('Open chat (1 unread message)');
    await expect(trigger.element).to.be.accessible();
  });

  it('more than 99 unread show as 99+', async () => {
    const trigger = await triggerFixture({ unread: 120 });

    expect(trigger.badge!.textContent).to.equal('99+');
    expect(trigger.button.getAttribute('aria-label')).to.equal('Open chat (120 unread messages)');
  });

  it('no badge while the chat is open: nothing there is unread', async () => {
    const trigger = await triggerFixture({ unread: 3, expanded: true });

    expect(trigger.badge).to.equal(null);
    expect(trigger.button.getAttribute('aria-label')).to.equal('Close chat');
  });

  it('speaks the chat’s language: its strings replace the English ones', async () => {
    const trigger = await triggerFixture({
      unread: 2,
      strings: {
        openChat: 'Chat öffnen',
        closeChat: 'Chat schließen',
        unread: (count: number) => `${count} ungelesen`,
      },
    });

    expect(trigger.button.getAttribute('aria-label')).to.equal('Chat öffnen (2 ungelesen)');
    await trigger.set({ expanded: true });
    expect(trigger.button.getAttribute('aria-label')).to.equal('Chat schließen');
  });

  it('by keyboard: Tab reaches the button, Enter and Space click it', async () => {
    const before = await fixture<HTMLButtonElement>(html`<button>Before</button>`);
    const trigger = await triggerFixture();
    before.focus();

    await sendKeys({ press: 'Tab' });
    expect(deepActiveElement()).to.equal(trigger.button);
    await sendKeys({ press: 'Enter' });
    await sendKeys({ press: ' ' });

    expect(trigger.clicks).to.have.length(2);
  });

  it('focus() on the element focuses its button', async () => {
    const trigger = await triggerFixture();

    trigger.element.focus();

    expect(deepActiveElement()).to.equal(trigger.button);
  });

  it('the icon slot replaces the built-in icon', async () => {
    const el = await fixture<OpenCXTrigger>(
      html`<opencx-trigger><span slot="icon" id="mine">?</span></opencx-trigger>`,
    );

    const slot = el.shadowRoot!.querySelector<HTMLSlotElement>('slot[name="icon"]')!;
    expect(slot.assignedElements().map((e) => e.id)).to.deep.equal(['mine']);
    expect(el.shadowRoot!.querySelector('button')!.getAttribute('aria-label')).to.equal('Open chat');
  });

  it('--opencx-trigger-size sets the diameter of the button', async () => {
    const el = await fixture<OpenCXTrigger>(
      html`<opencx-trigger style="--opencx-trigger-size: 72px"></opencx-trigger>`,
    );

    const box = el.shadowRoot!.querySelector('button')!.getBoundingClientRect();
    expect([box.width, box.height]).to.deep.equal([72, 72]);
  });
});
