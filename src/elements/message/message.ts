import { LitElement, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import type { Translation } from '../../i18n/en.js';
import type { MessageType } from '../../state/chat-state.js';
import { define } from '../define.js';
import { MessageActionEvent, messageView } from './message-view.js';
import { elementStyles } from './message.styles.js';

export { MessageActionEvent };

/**
 * @tagname opencx-message
 * @summary One message as an element of its own (the agents' console). The chat's panel renders the same
 * view inline: see `message-view.ts`.
 * @csspart message - The row holding the bubble.
 * @csspart bubble - The speech bubble.
 * @csspart bubble-user - The visitor's bubbles.
 * @csspart bubble-assistant - The bot's bubbles.
 * @csspart bubble-agent - A human agent's bubbles.
 * @csspart bubble-system - Notices.
 * @csspart meta - Who wrote it and when.
 * @csspart agent-avatar - A human agent's picture, beside their name.
 * @csspart status - "Sending…" or "Not sent." under a visitor's message; "Stopped." or "Connection lost." under an answer.
 * @csspart retry-button - Sends a failed message again.
 * @csspart citations - The numbered sources of an answer.
 * @csspart citation - One source: title, excerpt and link.
 * @csspart related - Related articles under an answer.
 * @csspart related-article - One related article link.
 * @csspart feedback - The helpful / not helpful buttons.
 * @csspart feedback-button - One of them; `aria-pressed` when chosen.
 * @csspart escalation-offer - The offer of a human when the bot was unsure.
 * @csspart escalation-offer-button - The button that accepts it.
 */
export class OpenCXMessage extends LitElement {
  static override styles = elementStyles;

  @property({ attribute: false }) message?: MessageType;
  @property({ attribute: false }) strings?: Translation;
  @property({ attribute: false }) language = 'en';
  /** Name shown for the bot's answers. */
  @property({ attribute: false }) botName?: string;
  /** Offer thumbs up/down (answers only). */
  @property({ type: Boolean, attribute: false }) rateable = false;
  /** Offer a human when the bot refused. */
  @property({ type: Boolean, attribute: false }) escalation = false;

  protected override createRenderRoot() {
    const root = super.createRenderRoot();
    // The view's buttons act inside this element's own tree: the request goes on from the element.
    root.addEventListener('opencx-message-action', (event) => {
      event.stopPropagation();
      const { action, messageId, feedback, picture } = event as MessageActionEvent;
      // Cancelled outside (a picture shown there): cancelled here too.
      if (!this.dispatchEvent(new MessageActionEvent(action, messageId, feedback, picture))) event.preventDefault();
    });
    return root;
  }

  override willUpdate(): void {
    if (this.message) this.dataset.role = this.message.role;
  }

  override render() {
    const { message, strings } = this;
    if (!message || !strings) return nothing;
    return messageView(message, {
      strings,
      language: this.language,
      botName: this.botName,
      rateable: this.rateable,
      escalation: this.escalation,
    });
  }
}

define('opencx-message', OpenCXMessage);

declare global {
  interface HTMLElementTagNameMap {
    'opencx-message': OpenCXMessage;
  }
}
