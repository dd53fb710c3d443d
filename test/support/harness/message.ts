// <opencx-message> on its own: a message and flags in, `opencx-message-action` out.
import { fixture, html } from '@open-wc/testing';
import '../../../src/elements/message/message.js';
import type { MessageActionEvent, OpenCXMessage } from '../../../src/elements/message/message.js';
import { en } from '../../../src/i18n/en.js';
import type { MessageType } from '../../../src/state/chat-state.js';
import { recordEvents } from '../events.js';

export class MessageHarness {
  /** Every `opencx-message-action` the element dispatched. */
  readonly actions: MessageActionEvent[];

  constructor(readonly element: OpenCXMessage) {
    this.actions = recordEvents<MessageActionEvent>(element, 'opencx-message-action');
  }

  get root(): ShadowRoot {
    return this.element.shadowRoot!;
  }

  /** The first element with this part, or null. */
  part<T extends Element = HTMLElement>(name: string): T | null {
    return this.root.querySelector<T>(`[part~="${name}"]`);
  }

  parts<T extends Element = HTMLElement>(name: string): T[] {
    return [...this.root.querySelectorAll<T>(`[part~="${name}"]`)];
  }

  /** The actions as plain data: what the container is asked to do. */
  get asked() {
    return this.actions.map(({ action, messageId, feedback }) => ({ action, messageId, feedback }));
  }

  /** Shows `message` instead, and waits for the render. */
  async show(message: MessageType): Promise<void> {
    this.element.message = message;
    await this.element.updateComplete;
  }
}

export async function messageFixture(
  message: MessageType | undefined,
  props: { botName?: string; language?: string; rateable?: boolean; escalation?: boolean } = {},
): Promise<MessageHarness> {
  const el = await fixture<OpenCXMessage>(
    html`<opencx-message
      .message=${message}
      .strings=${en}
      .language=${props.language ?? 'en'}
      .botName=${props.botName}
      .rateable=${props.rateable ?? false}
      .escalation=${props.escalation ?? false}
    ></opencx-message>`,
  );
  return new MessageHarness(el);
}

/** A message of `role` with everything else made up; `extra` overrides. */
export function aMessage(role: MessageType['role'], extra: Partial<MessageType> = {}): MessageType {
  return { id: `m-${role}`, role, content: `A ${role} message`, createdAt: '2026-01-01T10:30:00Z', ...extra };
}
