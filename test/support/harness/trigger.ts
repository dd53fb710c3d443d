// <opencx-trigger> on its own: what the chat sets on it in, the click out.
import { fixture, html } from '@open-wc/testing';
import '../../../src/elements/trigger/trigger.js';
import type { OpenCXTrigger } from '../../../src/elements/trigger/trigger.js';
import type { LauncherStrings } from '../../../src/i18n/launcher.js';
import { recordEvents } from '../events.js';

export class TriggerHarness {
  /** Every click that reached the element: how the chat it belongs to hears it. */
  readonly clicks: Event[];

  constructor(readonly element: OpenCXTrigger) {
    this.clicks = recordEvents(element, 'click');
  }

  get button(): HTMLButtonElement {
    return this.element.shadowRoot!.querySelector('button')!;
  }

  get badge(): HTMLElement | null {
    return this.element.shadowRoot!.querySelector('[part="badge"]');
  }

  /** The path of the built-in icon: the chat bubble or the close cross. */
  get iconPath(): string | null | undefined {
    return this.element.shadowRoot!.querySelector('slot[name="icon"] path')?.getAttribute('d');
  }

  async set(props: { expanded?: boolean; unread?: number; strings?: LauncherStrings }): Promise<void> {
    Object.assign(this.element, props);
    await this.element.updateComplete;
  }
}

export async function triggerFixture(
  props: { expanded?: boolean; unread?: number; strings?: LauncherStrings } = {},
): Promise<TriggerHarness> {
  const el = await fixture<OpenCXTrigger>(html`<opencx-trigger></opencx-trigger>`);
  const harness = new TriggerHarness(el);
  await harness.set(props);
  return harness;
}
