import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { deepActiveElement } from '../../src/elements/deep-active-element.js';
import { composerFixture } from '../support/harness/composer.js';
import { shiftEnter } from '../support/keys.js';

describe('<opencx-composer>', () => {
  it('renders nothing until it has its strings', async () => {
    const composer = await composerFixture({ strings: undefined });

    expect(composer.element.shadowRoot!.querySelector('form')).to.equal(null);
  });

  it('empty: a labelled box with the default placeholder, and nothing to send', async () => {
    const composer = await composerFixture();

    expect(composer.textarea.getAttribute('aria-label')).to.equal('Your message');
    expect(composer.textarea.placeholder).to.equal('Ask a question…');
    expect(composer.sendButton.disabled).to.be.true;
    expect(composer.sendButton.getAttribute('aria-label')).to.equal('Send');
    expect(composer.counter.hidden).to.be.true;
    await expect(composer.element).to.be.accessible();
  });

  it('the placeholder property replaces the default one', async () => {
    const composer = await composerFixture({ placeholder: 'Type your question' });

    expect(composer.textarea.placeholder).to.equal('Type your question');
  });

  it('with text: the send button submits it trimmed, once, and empties the box', async () => {
    const composer = await composerFixture();
    await composer.fill('  How do I install it?  ');
    expect(composer.sendButton.disabled).to.be.false;
    await expect(composer.element).to.be.accessible();

    composer.sendButton.click();
    await composer.element.updateComplete;

    expect(composer.submitted.map((e) => e.text)).to.deep.equal(['How do I install it?']);
    const [event] = composer.submitted;
    expect(event!.type).to.equal('opencx-composer-submit');
    // It bubbles to the panel but stays inside the panel's shadow root.
    expect(event!.bubbles).to.be.true;
    expect(event!.composed).to.be.false;
    expect(composer.textarea.value).to.equal('');
    expect(composer.sendButton.disabled).to.be.true;
  });

  it('Enter sends, Shift+Enter starts a new line', async () => {
    const composer = await composerFixture();
    composer.textarea.focus();

    await sendKeys({ type: 'first line' });
    await shiftEnter();
    await sendKeys({ type: 'second line' });
    expect(composer.textarea.value).to.equal('first line\nsecond line');
    expect(composer.submitted).to.have.length(0);
    await sendKeys({ press: 'Enter' });
    await composer.element.updateComplete;

    expect(composer.submitted.map((e) => e.text)).to.deep.equal(['first line\nsecond line']);
    expect(composer.textarea.value).to.equal('');
  });

  it('Enter while an input method is composing picks a character and sends nothing', async () => {
    const composer = await composerFixture();
    await composer.fill('にほん');

    const enter = new KeyboardEvent('keydown', { key: 'Enter', isComposing: true, bubbles: true, cancelable: true });
    composer.textarea.dispatchEvent(enter);
    await composer.element.updateComplete;

    expect(enter.defaultPrevented).to.be.false;
    expect(composer.submitted).to.have.length(0);
    expect(composer.textarea.value).to.equal('にほん');
  });

  it('only spaces: nothing to send, by button or by Enter', async () => {
    const composer = await composerFixture();
    await composer.fill('   ');
    composer.textarea.focus();

    await sendKeys({ press: 'Enter' });
    composer.sendButton.click();
    await composer.element.updateComplete;

    expect(composer.sendButton.disabled).to.be.true;
    expect(composer.submitted).to.have.length(0);
  });

  it('counts the characters left near the limit, and stops at it', async () => {
    const composer = await composerFixture();
    await composer.fill('x'.repeat(3799)); // 201 left: not yet
    expect(composer.counter.hidden).to.be.true;

    await composer.fill('x'.repeat(3900));

    expect(composer.counter.hidden).to.be.false;
    expect(composer.counter.textContent).to.equal('100 characters left');
    expect(composer.counter.getAttribute('aria-live')).to.equal('polite');
    expect(composer.textarea.getAttribute('aria-describedby')).to.equal(composer.counter.id);
    expect(composer.textarea.maxLength).to.equal(4000);
    await expect(composer.element).to.be.accessible();
  });

  it('at the limit, typing adds nothing and the text can still be sent', async () => {
    const composer = await composerFixture();
    await composer.fill('x'.repeat(4000));
    composer.textarea.focus();

    await sendKeys({ type: 'yz' });
    await composer.element.updateComplete;

    expect(composer.textarea.value).to.have.length(4000);
    expect(composer.counter.hidden).to.be.false;
    await expect(composer.element).to.be.accessible();
    await sendKeys({ press: 'Enter' });
    expect(composer.submitted.map((e) => e.text.length)).to.deep.equal([4000]);
  });

  it('disabled: reflected, and nothing is sent', async () => {
    const composer = await composerFixture({ disabled: true });
    await composer.fill('typed before it was disabled');

    composer.textarea.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    composer.sendButton.click();
    await composer.element.updateComplete;

    expect(composer.element.hasAttribute('disabled')).to.be.true;
    expect(composer.textarea.disabled).to.be.true;
    expect(composer.sendButton.disabled).to.be.true;
    expect(composer.submitted).to.have.length(0);
    await expect(composer.element).to.be.accessible();
  });

  it('sends again once enabled', async () => {
    const composer = await composerFixture({ disabled: true });
    await composer.fill('waiting');

    composer.element.disabled = false;
    await composer.element.updateComplete;
    composer.sendButton.click();

    expect(composer.submitted.map((e) => e.text)).to.deep.equal(['waiting']);
  });

  it('focus() puts the caret in the text box', async () => {
    const composer = await composerFixture();

    composer.element.focus();

    expect(deepActiveElement()).to.equal(composer.textarea);
  });
});
