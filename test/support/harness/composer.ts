// <opencx-composer> on its own: properties in, `opencx-composer-submit` out.
import { fixture, html } from '@open-wc/testing';
import '../../../src/elements/composer/composer.js';
import type { ComposerSubmitEvent, OpenCXComposer } from '../../../src/elements/composer/composer.js';
import { en, type Translation } from '../../../src/i18n/en.js';
import { recordEvents } from '../events.js';

export class ComposerHarness {
  /** Every `opencx-composer-submit` the element dispatched. */
  readonly submitted: ComposerSubmitEvent[];

  constructor(readonly element: OpenCXComposer) {
    this.submitted = recordEvents<ComposerSubmitEvent>(element, 'opencx-composer-submit');
  }

  get textarea(): HTMLTextAreaElement {
    return this.element.shadowRoot!.querySelector('textarea')!;
  }

  get sendButton(): HTMLButtonElement {
    return this.element.shadowRoot!.querySelector('[part="send-button"]')!;
  }

  get counter(): HTMLElement {
    return this.element.shadowRoot!.querySelector('[part="counter"]')!;
  }

  /** Replaces the text as typing does (an `input` event), and waits for the render. */
  async fill(text: string): Promise<void> {
    this.textarea.value = text;
    this.textarea.dispatchEvent(new InputEvent('input'));
    await this.element.updateComplete;
  }
}

export async function composerFixture(
  props: { strings?: Translation | undefined; placeholder?: string; disabled?: boolean } = {},
): Promise<ComposerHarness> {
  const strings = 'strings' in props ? props.strings : en;
  const el = await fixture<OpenCXComposer>(
    html`<opencx-composer
      .strings=${strings}
      .placeholder=${props.placeholder}
      ?disabled=${props.disabled ?? false}
    ></opencx-composer>`,
  );
  return new ComposerHarness(el);
}
