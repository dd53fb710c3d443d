import { html, LitElement, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { Translation } from '../../i18n/en.js';
import { define } from '../define.js';
import { isEmail } from '../email.js';
import { styles } from '../form.styles.js';

/** The visitor gave their details, or chose to skip; stays inside the panel's shadow root. */
export class ContactSubmitEvent extends Event {
  constructor(readonly contact: { name: string; email: string } | 'skip') {
    super('opencx-contact-submit', { bubbles: true, composed: false });
  }
}

/**
 * @tagname opencx-contact-form
 * @summary Asks for the visitor's name and email before the first message (`collect-user-data`).
 * @csspart contact-form - The form.
 * @csspart form-title - Its heading.
 * @csspart form-input - The name and email fields.
 * @csspart form-error - A field's error, or the form's when saving failed.
 * @csspart form-submit - The start button.
 * @csspart form-cancel - The skip button (`collect-user-data="optional"`).
 */
export class OpenCXContactForm extends LitElement {
  static override styles = styles;

  @property({ attribute: false }) strings?: Translation;
  /** The visitor may skip the form. */
  @property({ type: Boolean, attribute: false }) skippable = false;
  @property({ type: Boolean, attribute: false }) busy = false;
  @property({ attribute: false }) failure = '';
  @state() private emailError = '';
  @query('#name') private nameInput?: HTMLInputElement;
  @query('#email') private emailInput?: HTMLInputElement;

  override focus(options?: FocusOptions): void {
    this.nameInput?.focus(options);
  }

  #submit(event: Event): void {
    event.preventDefault();
    const s = this.strings!;
    const email = this.emailInput!.value.trim();
    this.emailError = !email ? s.requiredField : isEmail(email) ? '' : s.invalidEmail;
    if (this.emailError) return this.emailInput!.focus();
    this.dispatchEvent(new ContactSubmitEvent({ name: this.nameInput!.value.trim(), email }));
  }

  override render() {
    const s = this.strings;
    if (!s) return nothing;
    return html`<form part="contact-form" novalidate aria-labelledby="form-title" @submit=${this.#submit}>
      <h3 part="form-title" id="form-title">${s.contactTitle}</h3>
      <p class="intro">${s.contactIntro}</p>
      <label for="name">${s.nameLabel}</label>
      <input part="form-input" id="name" type="text" autocomplete="name" maxlength="200" />
      <label for="email">${s.emailLabel}</label>
      <input
        part="form-input"
        id="email"
        type="email"
        autocomplete="email"
        required
        aria-invalid=${this.emailError ? 'true' : 'false'}
        aria-describedby=${this.emailError ? 'email-error' : nothing}
      />
      ${this.emailError ? html`<p part="form-error" id="email-error" class="error">${this.emailError}</p>` : nothing}
      ${this.failure ? html`<p part="form-error" class="error" role="alert">${this.failure}</p>` : nothing}
      <div class="actions">
        ${
          this.skippable
            ? html`<button
                part="form-cancel"
                type="button"
                @click=${() => this.dispatchEvent(new ContactSubmitEvent('skip'))}
              >
                ${s.skip}
              </button>`
            : nothing
        }
        <button part="form-submit" type="submit" ?disabled=${this.busy}>${s.start}</button>
      </div>
    </form>`;
  }
}

define('opencx-contact-form', OpenCXContactForm);

declare global {
  interface HTMLElementTagNameMap {
    'opencx-contact-form': OpenCXContactForm;
  }
}
