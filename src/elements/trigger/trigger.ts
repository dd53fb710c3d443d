import { html, LitElement, nothing } from 'lit';
import { launcherEn, type LauncherStrings } from '../../i18n/launcher.js';
import { define } from '../define.js';
import type { TriggerBinding } from './trigger-binding.js';
import { styles } from './trigger.styles.js';

const CHAT_ICON = 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2zm3 6v2h10v-2zm0-3v2h7V7z';
const CLOSE_ICON = 'm6.4 5 5.6 5.6L17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4-5.6-5.6L6.4 19 5 17.6l5.6-5.6L5 6.4z';

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

  // Static properties, not decorators: see OpenCXChat.
  static override properties = {
    for: { reflect: true },
    expanded: { type: Boolean, attribute: false },
    unread: { type: Number, attribute: false },
    strings: { attribute: false },
  };

  /** The id of the `<opencx-chat>` this launcher opens, when it is not inside one. */
  declare for?: string;
  /** @internal The chat is open; set by the chat this launcher belongs to. */
  expanded = false;
  /** @internal Answers that arrived while the chat was closed; set by the chat. */
  unread = 0;
  /** @internal The chat's interface strings; set by the chat. */
  strings: LauncherStrings = launcherEn;

  /** The binding to the chat `for` names: only triggers that have `for` load it. */
  #binding?: Promise<TriggerBinding>;

  override updated(): void {
    if (this.#binding || !this.for) return;
    this.#binding = import('./trigger-binding.js').then(({ TriggerBinding }) => new TriggerBinding(this));
    // A click while the binding loads is not lost: it opens the chat once bound.
    this.addEventListener('click', () => void this.#binding!.then((binding) => binding.toggle()));
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
        aria-label=${unread ? `${label} (${s.unread(unread)})` : label}
      >
        <slot name="icon">
          <svg viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false">
            <path fill="currentColor" d=${this.expanded ? CLOSE_ICON : CHAT_ICON} />
          </svg>
        </slot>
      </button>
      ${
        // Beside the button, not in it: the button's name says the count, and a badge inside would
        // be visible text its name does not start with (WCAG 2.5.3, label in name).
        unread
          ? html`<span part="badge" class="badge" aria-hidden="true">${unread > 99 ? '99+' : unread}</span>`
          : nothing
      }`;
  }
}

define('opencx-trigger', OpenCXTrigger);

declare global {
  interface HTMLElementTagNameMap {
    'opencx-trigger': OpenCXTrigger;
  }
}
