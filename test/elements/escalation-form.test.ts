import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { deepActiveElement } from '../../src/elements/deep-active-element.js';
import { escalationFormFixture } from '../support/harness/form.js';

describe('<opencx-escalation-form>', () => {
  it('empty: a form named by its title, labelled fields, the message prefilled with what was asked last', async () => {
    const form = await escalationFormFixture({ initialMessage: 'Can you fix my invoice?' });

    const element = form.root.querySelector('form')!;
    expect(form.root.getElementById(element.getAttribute('aria-labelledby')!)!.textContent).to.equal(
      'Talk to a person',
    );
    expect(form.root.querySelector('label[for="email"]')!.textContent).to.equal('Email');
    expect(form.root.querySelector('label[for="message"]')!.textContent).to.equal('How can we help?');
    expect(form.field<HTMLTextAreaElement>('message').value).to.equal('Can you fix my invoice?');
    expect(form.cancelButton!.textContent!.trim()).to.equal('Cancel');
    expect(form.submitButton.textContent!.trim()).to.equal('Send');
    await expect(form.element).to.be.accessible();
  });

  it('checks its fields: the email is required, then must be one; nothing is sent until it is', async () => {
    const form = await escalationFormFixture({ initialMessage: 'Can you fix my invoice? [refuse]' });

    await form.submit();
    expect(form.field('email').getAttribute('aria-invalid')).to.equal('true');
    expect(form.errorOf('email')).to.equal('This field is required.');
    expect(deepActiveElement()).to.equal(form.field('email'));
    form.fill({ email: 'ana@' });
    await form.submit();

    expect(form.errorOf('email')).to.equal('Enter a valid email address.');
    expect(form.field('email').getAttribute('aria-describedby')).to.equal('email-error');
    expect(form.submitted).to.have.length(0);
    await expect(form.element).to.be.accessible();
  });

  it('an empty message is refused too, and focus goes to the first field that is wrong', async () => {
    const form = await escalationFormFixture();

    await form.submit();
    expect(form.errorOf('email')).to.equal('This field is required.');
    expect(form.errorOf('message')).to.equal('This field is required.');
    expect(deepActiveElement()).to.equal(form.field('email'));
    form.fill({ email: 'ana@example.com', message: '   ' });
    await form.submit();

    expect(form.errorOf('email')).to.equal(null);
    expect(form.errorOf('message')).to.equal('This field is required.');
    expect(form.field('message').getAttribute('aria-invalid')).to.equal('true');
    expect(form.field('message').getAttribute('aria-describedby')).to.equal('message-error');
    expect(deepActiveElement()).to.equal(form.field('message'));
    expect(form.submitted).to.have.length(0);
    await expect(form.element).to.be.accessible();
  });

  it('submits the email and message trimmed', async () => {
    const form = await escalationFormFixture({ initialMessage: 'Can you fix my invoice? [refuse]' });
    form.fill({ email: ' ana@example.com ' });

    await form.submit();

    expect(form.submitted.map(({ email, message }) => ({ email, message }))).to.deep.equal([
      { email: 'ana@example.com', message: 'Can you fix my invoice? [refuse]' },
    ]);
    const [event] = form.submitted;
    expect(event!.type).to.equal('opencx-escalation-submit');
    // It bubbles to the panel but stays inside the panel's shadow root.
    expect(event!.bubbles).to.be.true;
    expect(event!.composed).to.be.false;
  });

  it('Cancel asks the panel to close the form, and sends nothing', async () => {
    const form = await escalationFormFixture();

    form.cancelButton!.click();

    expect(form.cancelled.map((e) => [e.type, e.bubbles, e.composed])).to.deep.equal([
      ['opencx-escalation-cancel', true, false],
    ]);
    expect(form.submitted).to.have.length(0);
  });

  it('by keyboard: focus() starts at the email, Tab goes to the message, then Cancel, then Send', async () => {
    const form = await escalationFormFixture({ initialMessage: 'Call me' });

    form.element.focus();
    expect(deepActiveElement()).to.equal(form.field('email'));
    await sendKeys({ type: 'ana@example.com' });
    await sendKeys({ press: 'Tab' });
    expect(deepActiveElement()).to.equal(form.field('message'));
    await sendKeys({ press: 'Tab' });
    expect(deepActiveElement()).to.equal(form.cancelButton);
    await sendKeys({ press: 'Tab' });
    expect(deepActiveElement()).to.equal(form.submitButton);
    await sendKeys({ press: 'Enter' });
    await form.element.updateComplete;

    expect(form.submitted.map(({ email, message }) => ({ email, message }))).to.deep.equal([
      { email: 'ana@example.com', message: 'Call me' },
    ]);
  });

  it('Enter in the email field submits the form', async () => {
    const form = await escalationFormFixture({ initialMessage: 'Call me' });
    form.element.focus();

    await sendKeys({ type: 'ana@example.com' });
    await sendKeys({ press: 'Enter' });
    await form.element.updateComplete;

    expect(form.submitted).to.have.length(1);
  });

  it('while it is being sent, the send button is disabled', async () => {
    const form = await escalationFormFixture({ initialMessage: 'Call me', busy: true });
    form.fill({ email: 'ana@example.com' });

    await form.submit();

    expect(form.submitButton.disabled).to.be.true;
    expect(form.submitted).to.have.length(0);
    await expect(form.element).to.be.accessible();
  });

  it('a failure to send is announced, and what was typed stays', async () => {
    const form = await escalationFormFixture({ initialMessage: 'Call me', busy: true });
    form.fill({ email: 'ana@example.com', message: 'Call me tomorrow' });

    form.element.busy = false;
    form.element.failure = 'We can’t reach the chat right now.';
    await form.element.updateComplete;

    expect(form.alert!.textContent).to.equal('We can’t reach the chat right now.');
    expect(form.field('email').value).to.equal('ana@example.com');
    expect(form.field('message').value).to.equal('Call me tomorrow');
    expect(form.submitButton.disabled).to.be.false;
    await expect(form.element).to.be.accessible();
  });
});
