// The panel's forms (<opencx-contact-form>, <opencx-escalation-form>) on their own: properties in,
// their submit and cancel events out.
import { fixture, html } from '@open-wc/testing';
import type { LitElement } from 'lit';
import '../../../src/elements/contact-form/contact-form.js';
import type { ContactSubmitEvent, OpenCXContactForm } from '../../../src/elements/contact-form/contact-form.js';
import '../../../src/elements/escalation-form/escalation-form.js';
import type {
  EscalationSubmitEvent,
  OpenCXEscalationForm,
} from '../../../src/elements/escalation-form/escalation-form.js';
import { en } from '../../../src/i18n/en.js';
import { recordEvents } from '../events.js';

export class FormHarness<E extends LitElement> {
  constructor(readonly element: E) {}

  get root(): ShadowRoot {
    return this.element.shadowRoot!;
  }

  field<T extends HTMLInputElement | HTMLTextAreaElement = HTMLInputElement>(id: string): T {
    return this.root.querySelector<T>(`#${id}`)!;
  }

  /** The error shown under the field `id`, or null. */
  errorOf(id: string): string | null {
    return this.root.querySelector(`#${id}-error`)?.textContent ?? null;
  }

  get alert(): Element | null {
    return this.root.querySelector('[role="alert"]');
  }

  get submitButton(): HTMLButtonElement {
    return this.root.querySelector('[part="form-submit"]')!;
  }

  get cancelButton(): HTMLButtonElement | null {
    return this.root.querySelector('[part="form-cancel"]');
  }

  /** Types into the fields as a visitor would (`input` events), by id. */
  fill(values: Record<string, string>): void {
    for (const [id, value] of Object.entries(values)) {
      const field = this.field(id);
      field.value = value;
      field.dispatchEvent(new InputEvent('input', { bubbles: true }));
    }
  }

  /** Clicks the submit button and waits for the render. */
  async submit(): Promise<void> {
    this.submitButton.click();
    await this.element.updateComplete;
  }
}

export class ContactFormHarness extends FormHarness<OpenCXContactForm> {
  /** Every `opencx-contact-submit` the form dispatched. */
  readonly submitted = recordEvents<ContactSubmitEvent>(this.element, 'opencx-contact-submit');
}

export async function contactFormFixture(
  props: { skippable?: boolean; busy?: boolean; failure?: string } = {},
): Promise<ContactFormHarness> {
  const el = await fixture<OpenCXContactForm>(
    html`<opencx-contact-form
      .strings=${en}
      .skippable=${props.skippable ?? false}
      .busy=${props.busy ?? false}
      .failure=${props.failure ?? ''}
    ></opencx-contact-form>`,
  );
  return new ContactFormHarness(el);
}

export class EscalationFormHarness extends FormHarness<OpenCXEscalationForm> {
  /** Every `opencx-escalation-submit` the form dispatched. */
  readonly submitted = recordEvents<EscalationSubmitEvent>(this.element, 'opencx-escalation-submit');
  /** Every `opencx-escalation-cancel` the form dispatched. */
  readonly cancelled = recordEvents(this.element, 'opencx-escalation-cancel');
}

export async function escalationFormFixture(
  props: { initialMessage?: string; busy?: boolean; failure?: string } = {},
): Promise<EscalationFormHarness> {
  const el = await fixture<OpenCXEscalationForm>(
    html`<opencx-escalation-form
      .strings=${en}
      .initialMessage=${props.initialMessage ?? ''}
      .busy=${props.busy ?? false}
      .failure=${props.failure ?? ''}
    ></opencx-escalation-form>`,
  );
  return new EscalationFormHarness(el);
}
