import { html, LitElement, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { Translation } from '../../i18n/en.js';
import { countText } from '../../i18n/count.js';
import { MAX_MESSAGE_LENGTH } from '../../state/chat.js';
import type { Attachment, AttachmentLimits } from '../../state/responses.js';
import { define } from '../define.js';
import { AttachmentTray, type Upload } from './attachment-tray.js';
import { styles } from './composer.styles.js';

/** The visitor submitted `text` (and the files uploaded for it); stays inside the panel's shadow root. */
export class ComposerSubmitEvent extends Event {
  constructor(
    readonly text: string,
    readonly attachments: Attachment[] = [],
  ) {
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
 * @csspart attach-button - Picks files to send (shown where the server takes files).
 * @csspart attachment-chips - The files about to be sent.
 * @csspart attachment-chip - One of them: its name, and while it uploads or when it failed, its state.
 * @csspart attachment-remove-button - Takes a file off the message.
 * @csspart attachment-progress - How much of a file has gone, while it uploads.
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
  /** What files the server takes (the prelude's `attachments`); none: no attach button. */
  @property({ attribute: false }) limits?: AttachmentLimits;
  /** Uploads a file picked, pasted or dropped (docs/elements.md, "Attachments"). */
  @property({ attribute: false }) upload?: Upload;
  @state() private value = '';
  @query('textarea') private textarea?: HTMLTextAreaElement;
  @query('input[type=file]') private picker?: HTMLInputElement;
  readonly #tray = new AttachmentTray(this);

  /** Files dropped on the panel, or given by the page: uploaded and sent with the next message. */
  addFiles(files: Iterable<File>): void {
    this.#tray.add(files);
  }

  override focus(options?: FocusOptions): void {
    this.textarea?.focus(options);
  }

  #submit(): void {
    const text = this.value.trim();
    const files = this.#tray.ready;
    // A message waits for its files: sending before they are up would drop them.
    if ((!text && files.length === 0) || this.disabled || this.#tray.busy) return;
    this.dispatchEvent(new ComposerSubmitEvent(text, files));
    this.value = '';
    this.#tray.clear();
  }

  #paste(event: ClipboardEvent): void {
    const files = [...(event.clipboardData?.files ?? [])];
    if (files.length === 0 || !this.#tray.enabled) return;
    // A pasted screenshot is a file, not text.
    event.preventDefault();
    this.#tray.add(files);
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
    const files = this.#tray.enabled;
    return html`${this.#tray.render(s)}
      <p class="visually-hidden" role="status">${this.#tray.announcement}</p>
      <form
        part="composer"
        class=${this.answering ? 'answering' : ''}
        @submit=${(e: Event) => {
          e.preventDefault();
          this.#submit();
        }}
      >
        ${
          files
            ? html`<button
                  part="attach-button"
                  type="button"
                  aria-label=${s.attachFile}
                  title=${s.attachFile}
                  ?disabled=${this.disabled}
                  @click=${() => this.picker?.click()}
                >
                  <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
                    <path
                      fill="currentColor"
                      d="M16.5 6v11.5a4 4 0 0 1-8 0V5a2.5 2.5 0 0 1 5 0v10.5a1 1 0 0 1-2 0V6H10v9.5a2.5 2.5 0 0 0 5 0V5a4 4 0 0 0-8 0v12.5a5.5 5.5 0 0 0 11 0V6z"
                    />
                  </svg>
                </button>
                <input
                  type="file"
                  hidden
                  multiple
                  accept=${this.limits!.types.join(',')}
                  @change=${(e: Event) => {
                    const input = e.target as HTMLInputElement;
                    this.#tray.add([...(input.files ?? [])]);
                    input.value = '';
                  }}
                />`
            : nothing
        }
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
          @paste=${this.#paste}
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
          ?disabled=${this.disabled || this.#tray.busy || (!this.value.trim() && this.#tray.ready.length === 0)}
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
