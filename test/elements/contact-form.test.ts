import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { deepActiveElement } from '../../src/elements/deep-active-element.js';
import { contactFormFixture } from '../support/harness/form.js';

describe('<opencx-contact-form>', () => {
  it('empty: a form named by its title, with labelled fields, and no skip unless skippable', async () => {
    const form = await contactFormFixture();

    const element = form.root.querySelector('form')!;
    expect(form.root.getElementById(element.getAttribute('aria-labelledby')!)!.textContent).to.equal('Before we start');
    expect(form.root.querySelector('label[for="name"]')!.textContent).to.equal('Name');
    expect(form.root.querySelector('label[for="email"]')!.textContent).to.equal('Email');
    expect(form.field('email').getAttribute('aria-invalid')).to.equal('false');
    expect(form.cancelButton, 'no skip when the details are required').to.equal(null);
    expect(form.submitButton.textContent!.trim()).to.equal('Start chatting');
    await expect(form.element).to.be.accessible();
  });

  it('refuses an empty email, says why next to the field and moves focus there', async () => {
    const form = await contactFormFixture();
    form.fill({ name: 'Ana' });

    await form.submit();

    expect(form.errorOf('email')).to.equal('This field is required.');
    expect(form.field('email').getAttribute('aria-invalid')).to.equal('true');
    expect(form.field('email').getAttribute('aria-describedby')).to.equal('email-error');
    expect(deepActiveElement()).to.equal(form.field('email'));
    expect(form.submitted).to.have.length(0);
    await expect(form.element).to.be.accessible();
  });

  it('refuses an email that is not one, and sends nothing', async () => {
    const form = await contactFormFixture();
    form.fill({ name: 'Ana', email: 'not-an-email' });

    await form.submit();

    expect(form.errorOf('email')).to.equal('Enter a valid email address.');
    expect(form.submitted).to.have.length(0);
  });

  it('submits the details trimmed, and the earlier error goes', async () => {
    const form = await contactFormFixture();
    form.fill({ name: 'Ana', email: 'ana@' });
    await form.submit();

    form.fill({ name: '  Ana  ', email: ' ana@example.com ' });
    await form.submit();

    expect(form.submitted.map((e) => e.contact)).to.deep.equal([{ name: 'Ana', email: 'ana@example.com' }]);
    const [event] = form.submitted;
    expect(event!.type).to.equal('opencx-contact-submit');
    // It bubbles to the panel but stays inside the panel's shadow root.
    expect(event!.bubbles).to.be.true;
    expect(event!.composed).to.be.false;
    expect(form.errorOf('email')).to.equal(null);
    expect(form.field('email').getAttribute('aria-invalid')).to.equal('false');
  });

  it('a name is optional', async () => {
    const form = await contactFormFixture();
    form.fill({ email: 'ana@example.com' });

    await form.submit();

    expect(form.submitted.map((e) => e.contact)).to.deep.equal([{ name: '', email: 'ana@example.com' }]);
  });

  it('by keyboard: focus() starts at the name, Tab goes on to the email, Enter submits', async () => {
    const form = await contactFormFixture();

    form.element.focus();
    expect(deepActiveElement()).to.equal(form.field('name'));
    await sendKeys({ type: 'Ana' });
    await sendKeys({ press: 'Tab' });
    expect(deepActiveElement()).to.equal(form.field('email'));
    await sendKeys({ type: 'ana@example.com' });
    await sendKeys({ press: 'Enter' });
    await form.element.updateComplete;

    expect(form.submitted.map((e) => e.contact)).to.deep.equal([{ name: 'Ana', email: 'ana@example.com' }]);
  });

  it('skippable: Skip says the visitor chose not to give details', async () => {
    const form = await contactFormFixture({ skippable: true });
    expect(form.cancelButton!.textContent!.trim()).to.equal('Skip');
    await expect(form.element).to.be.accessible();

    form.cancelButton!.focus();
    await sendKeys({ press: 'Enter' });

    expect(form.submitted.map((e) => e.contact)).to.deep.equal(['skip']);
  });

  it('while the details are being saved, the start button is disabled', async () => {
    const form = await contactFormFixture({ busy: true });
    form.fill({ email: 'ana@example.com' });

    await form.submit();

    expect(form.submitButton.disabled).to.be.true;
    expect(form.submitted).to.have.length(0);
    await expect(form.element).to.be.accessible();
  });

  it('a failure to save is announced, and what was typed stays', async () => {
    const form = await contactFormFixture();
    form.fill({ name: 'Ana', email: 'ana@example.com' });

    form.element.failure = 'We can’t reach the chat right now.';
    await form.element.updateComplete;

    expect(form.alert!.textContent).to.equal('We can’t reach the chat right now.');
    expect(form.field('name').value).to.equal('Ana');
    expect(form.field('email').value).to.equal('ana@example.com');
    await expect(form.element).to.be.accessible();
  });
});
