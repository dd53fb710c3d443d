import { html, LitElement, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { en, format, type Translation } from '../../i18n/translate.js';
import { define } from '../define.js';
import type { OpenCXChat } from '../chat/chat.js';
import { styles } from './trigger.styles.js';

/**
 * @tagname opencx-trigger
 * @summary The launcher that opens the chat. Inside `<opencx-chat>` it needs no attributes; elsewhere
 * `for="<id of an opencx-chat>"` binds it to that chat.
 * @slot icon - Replaces the default chat icon.
 * @csspart button - The native button (`aria-expanded` tells whether the chat is open).
 * @csspart badge - The count of answers that arrived while the chat was closed.
 * @cssproperty [--opencx-trigger-size=56px] - Diameter of the button.
 */
export class OpenCXTrigger extends LitElement {
  static override styles = styles;
  static override shadowRootOptions: ShadowRootInit = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  /** The id of the `<opencx-chat>` this launcher opens, when it is not inside one. */
  @property({ reflect: true }) for?: string;
  /** @internal The chat is open; set by the chat this launcher belongs to. */
  @property({ type: Boolean, attribute: false }) expanded = false;
  /** @internal Answers that arrived while the chat was closed; set by the chat. */
  @property({ type: Number, attribute: false }) unread = 0;
  /** @internal The chat's interface strings; set by the chat. */
  @property({ attribute: false }) strings: Translation = en;

  #bound?: OpenCXChat;
  readonly #sync = () => {
    const chat = this.#bound;
    if (!chat) return;
    this.expanded = chat.open;
    this.unread = chat.open ? 0 : chat.unreadCount;
    // Outside the chat, its theme does not inherit here: take its language and colours from it.
    this.strings = chat.translation;
    const { background, text } = chat.launcherColors;
    this.style.setProperty('--_primary', background);
    this.style.setProperty('--_on-primary', text);
  };
  readonly #activate = () => this.#bound?.toggle();

  override connectedCallback(): void {
    super.connectedCallback();
    this.#bind();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unbind();
  }

  override updated(changed: Map<string, unknown>): void {
    // Set or changed while on the page (connectedCallback bound whatever was there before).
    if (changed.has('for') && this.#bound?.id !== this.for) this.#bind();
  }

  #bind(): void {
    this.#unbind();
    if (!this.for) return;
    const chat = (this.getRootNode() as Document | ShadowRoot).getElementById?.(this.for);
    if (chat?.localName !== 'opencx-chat') {
      console.error(`[OpenCX] <opencx-trigger for="${this.for}">: no <opencx-chat id="${this.for}"> on the page.`);
      return;
    }
    if (!('translation' in chat)) {
      // The page's <opencx-chat> is not upgraded yet (this element was defined first): bind once it is.
      void customElements.whenDefined('opencx-chat').then(() => this.isConnected && this.#bind());
      return;
    }
    this.#bound = chat as OpenCXChat;
    chat.addEventListener('opencx-change', this.#sync);
    this.addEventListener('click', this.#activate);
    this.#sync();
  }

  #unbind(): void {
    this.#bound?.removeEventListener('opencx-change', this.#sync);
    this.removeEventListener('click', this.#activate);
    this.#bound = undefined;
  }

  override render() {
    const s = this.strings;
    const label = this.expanded ? s.closeChat : s.openChat;
    const unread = this.expanded ? 0 : this.unread;
    return html`<button
      part="button"
      type="button"
      aria-expanded=${this.expanded ? 'true' : 'false'}
      aria-haspopup="dialog"
      aria-label=${unread ? `${label} (${format(s.unread, { count: unread })})` : label}
    >
      <slot name="icon">
        ${
          this.expanded
            ? html`<svg viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false">
                <path
                  fill="currentColor"
                  d="m6.4 5 5.6 5.6L17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4-5.6-5.6L6.4 19 5 17.6l5.6-5.6L5 6.4z"
                />
              </svg>`
            : html`<svg viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false">
                <path
                  fill="currentColor"
                  d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2zm3 6v2h10v-2zm0-3v2h7V7z"
                />
              </svg>`
        }
      </slot>
      ${unread ? html`<span part="badge" class="badge" aria-hidden="true">${unread > 99 ? '99+' : unread}</span>` : nothing}
    </button>`;
  }
}

define('opencx-trigger', OpenCXTrigger);

declare global {
  interface HTMLElementTagNameMap {
    'opencx-trigger': OpenCXTrigger;
  }
}
