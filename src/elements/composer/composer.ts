import { html, LitElement, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { Translation } from '../../i18n/en.js';
import { countText } from '../../i18n/count.js';
import { MAX_MESSAGE_LENGTH } from '../../state/chat.js';
import { define } from '../define.js';
import { styles } from './composer.styles.js';

/** The visitor submitted `text`; stays inside the panel's shadow root. */
export class ComposerSubmitEvent extends Event {
  constructor(readonly text: string) {
    super('opencx-composer-submit', { bubbles: true, composed: false });
  }
}

/** The visitor wants the answer being written to stop; stays inside the panel's shadow root. */
export class ComposerStopEvent extends Event {
  constructor() {
    super('opencx-composer-stop', { bubbles: true, composed: false });
  }
}

/** Show the counter once this few characters are left. */
const COUNTER_FROM = 200;

/**
 * @tagname opencx-composer
 * @summary Where the visitor types: Enter sends, Shift+Enter starts a new line.
 * @csspart composer - The form.
 * @csspart input - The text area (16px text, so iOS does not zoom).
 * @csspart send-button - The send button.
 * @csspart stop-button - Stops the answer being written (shown only then).
 * @csspart counter - Characters left, shown near the limit.
 */
export class OpenCXComposer extends LitElement {
  static override styles = styles;

  @property({ attribute: false }) strings?: Translation;
  @property({ attribute: false }) placeholder?: string;
  /** The language of `strings`: it picks the plural form of the counter. */
  @property({ attribute: false }) language = 'en';
  @property({ type: Boolean, reflect: true }) disabled = false;
  /** An answer is being written: the stop button shows. */
  @property({ type: Boolean, attribute: false }) answering = false;
  @state() private value = '';
  @query('textarea') private textarea?: HTMLTextAreaElement;

  override focus(options?: FocusOptions): void {
    this.textarea?.focus(options);
  }

  #submit(): void {
    const text = this.value.trim();
    if (!text || this.disabled) return;
    this.dispatchEvent(new ComposerSubmitEvent(text));
    this.value = '';
  }

  #keydown(event: KeyboardEvent): void {
    // Not while an input method is composing: Enter then picks a character.
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.#submit();
    }
  }

  override render() {
    const s = this.strings;
    if (!s) return nothing;
    const left = MAX_MESSAGE_LENGTH - this.value.length;
    return html`<form
      part="composer"
      class=${this.answering ? 'answering' : ''}
      @submit=${(e: Event) => {
        e.preventDefault();
        this.#submit();
      }}
    >
      <textarea
        part="input"
        rows="1"
        aria-label=${s.messageLabel}
        aria-describedby="counter"
        placeholder=${this.placeholder || s.placeholder}
        maxlength=${MAX_MESSAGE_LENGTH}
        .value=${this.value}
        ?disabled=${this.disabled}
        @input=${(e: InputEvent) => (this.value = (e.target as HTMLTextAreaElement).value)}
        @keydown=${this.#keydown}
      ></textarea>
      ${
        this.answering
          ? html`<button
              part="stop-button"
              type="button"
              aria-label=${s.stopAnswer}
              title=${s.stopAnswer}
              @click=${() => this.dispatchEvent(new ComposerStopEvent())}
            >
              <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
                <path fill="currentColor" d="M7 7h10v10H7z" />
              </svg>
            </button>`
          : nothing
      }
      <button
        part="send-button"
        type="submit"
        aria-label=${s.send}
        title=${s.send}
        ?disabled=${this.disabled || !this.value.trim()}
      >
        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
          <path fill="currentColor" d="M3.4 20.4 21 12 3.4 3.6 3.4 10l12.6 2-12.6 2z" />
        </svg>
      </button>
      <span part="counter" id="counter" class="counter" ?hidden=${left > COUNTER_FROM} aria-live="polite"
        >${countText(s.charactersLeft, left, this.language)}</span
      >
    </form>`;
  }
}

define('opencx-composer', OpenCXComposer);

declare global {
  interface HTMLElementTagNameMap {
    'opencx-composer': OpenCXComposer;
  }
}
