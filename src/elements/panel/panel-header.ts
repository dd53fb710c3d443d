import { html, nothing, type TemplateResult } from 'lit';
import type { Translation } from '../../i18n/en.js';
import { closeIcon } from '../close-icon.js';

// The panel's header: the bot's picture and name, and its buttons (ask for a person, start a new
// conversation, close). A <div>: a <header> inside a role="dialog" is the page's banner landmark
// (a second one).

export interface HeaderOptions {
  strings: Translation;
  botName: string;
  avatar?: string | null;
  /** A person can be asked for: the widget allows it and nobody has been asked yet. */
  canEscalate: boolean;
  /** There is a chat to start afresh. */
  canClear: boolean;
  /** Floating (a close button) rather than inline. */
  floating: boolean;
  onEscalate(): void;
  onClear(): void;
  onClose(): void;
}

export function panelHeader(o: HeaderOptions): TemplateResult {
  return html`<div part="header" class="header">
    ${o.avatar ? html`<img part="avatar" src=${o.avatar} alt="" width="32" height="32" />` : nothing}
    <h2 part="title" id="title">${o.botName}</h2>
    ${
      o.canEscalate
        ? html`<button
            part="escalate-button"
            type="button"
            aria-label=${o.strings.talkToHuman}
            title=${o.strings.talkToHuman}
            @click=${o.onEscalate}
          >
            <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
              <path fill="currentColor" d="M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm0 2c-4 0-8 2-8 5v1h16v-1c0-3-4-5-8-5z" />
            </svg>
          </button>`
        : nothing
    }
    <button
      part="new-conversation-button"
      type="button"
      aria-label=${o.strings.newConversation}
      title=${o.strings.newConversation}
      ?disabled=${!o.canClear}
      @click=${o.onClear}
    >
      <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
        <path fill="currentColor" d="M11 5h2v6h6v2h-6v6h-2v-6H5v-2h6z" />
      </svg>
    </button>
    ${
      o.floating
        ? html`<button
            part="close-button"
            type="button"
            aria-label=${o.strings.closeChat}
            title=${o.strings.closeChat}
            @click=${o.onClose}
          >
            ${closeIcon(20)}
          </button>`
        : nothing
    }
  </div>`;
}
