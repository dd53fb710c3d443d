import { html, LitElement, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { Translation } from '../../i18n/en.js';
import { define } from '../define.js';
import { isEmail } from '../email.js';
import { styles } from '../form.styles.js';

/** The visitor asked for a human with these details; stays inside the panel's shadow root. */
export class EscalationSubmitEvent extends Event {
  constructor(
    readonly email: string,
    readonly message: string,
  ) {
    super('opencx-escalation-submit', { bubbles: true, composed: false });
  }
}

/**
 * @tagname opencx-escalation-form
 * @summary The "talk to a person" form: email and message, checked before it is sent.
 * @csspart escalation-form - The form.
 * @csspart form-title - Its heading.
 * @csspart form-input - The email field and the message field.
 * @csspart form-error - A field's error, or the form's when sending failed.
 * @csspart form-submit - The send button.
 * @csspart form-cancel - The cancel button.
 */
export class OpenCXEscalationForm extends LitElement {
  static override styles = styles;

  @property({ attribute: false }) strings?: Translation;
  /** Prefills the message: what the visitor asked last. */
  @property({ attribute: false }) initialMessage = '';
  /** Sending is under way. */
  @property({ type: Boolean, attribute: false }) busy = false;
  /** Why sending failed, shown under the form. */
  @property({ attribute: false }) failure = '';
  @state() private errors: { email?: string; message?: string } = {};
  @query('#email') private emailInput?: HTMLInputElement;
  @query('#message') private messageInput?: HTMLTextAreaElement;

  override focus(options?: FocusOptions): void {
    this.emailInput?.focus(options);
  }

  #submit(event: Event): void {
    event.preventDefault();
    const s = this.strings!;
    const email = this.emailInput!.value.trim();
    const message = this.messageInput!.value.trim();
    this.errors = {
      email: !email ? s.requiredField : isEmail(email) ? undefined : s.invalidEmail,
      message: message ? undefined : s.requiredField,
    };
    if (this.errors.email) return this.emailInput!.focus();
    if (this.errors.message) return this.messageInput!.focus();
    this.dispatchEvent(new EscalationSubmitEvent(email, message));
  }

  override render() {
    const s = this.strings;
    if (!s) return nothing;
    const { email, message } = this.errors;
    return html`<form part="escalation-form" novalidate aria-labelledby="form-title" @submit=${this.#submit}>
      <h3 part="form-title" id="form-title">${s.escalationTitle}</h3>
      <p class="intro">${s.escalationIntro}</p>
      <label for="email">${s.emailLabel}</label>
      <input
        part="form-input"
        id="email"
        type="email"
        autocomplete="email"
        required
        aria-invalid=${email ? 'true' : 'false'}
        aria-describedby=${email ? 'email-error' : nothing}
      />
      ${email ? html`<p part="form-error" id="email-error" class="error">${email}</p>` : nothing}
      <label for="message">${s.escalationMessageLabel}</label>
      <textarea
        part="form-input"
        id="message"
        rows="3"
        required
        maxlength="4000"
        .value=${this.initialMessage}
        aria-invalid=${message ? 'true' : 'false'}
        aria-describedby=${message ? 'message-error' : nothing}
      ></textarea>
      ${message ? html`<p part="form-error" id="message-error" class="error">${message}</p>` : nothing}
      ${this.failure ? html`<p part="form-error" class="error" role="alert">${this.failure}</p>` : nothing}
      <div class="actions">
        <button
          part="form-cancel"
          type="button"
          @click=${() => this.dispatchEvent(new Event('opencx-escalation-cancel', { bubbles: true }))}
        >
          ${s.cancel}
        </button>
        <button part="form-submit" type="submit" ?disabled=${this.busy}>${s.submit}</button>
      </div>
    </form>`;
  }
}

define('opencx-escalation-form', OpenCXEscalationForm);

declare global {
  interface HTMLElementTagNameMap {
    'opencx-escalation-form': OpenCXEscalationForm;
  }
}
