import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { Translation } from '../../i18n/en.js';
import { fileSize } from '../../i18n/file-size.js';
import type { Attachment, AttachmentLimits } from '../../state/responses.js';
import { closeIcon } from '../close-icon.js';

// The files the visitor is about to send (docs/elements.md, "Attachments"): each is uploaded as
// soon as it is picked, pasted or dropped, shown as a chip with its state, and goes with the next
// message once uploaded. A file that fails says why on its chip; the text and the other files stay.

/** Uploads one file to the conversation, telling how much has gone; rejects with a FileUploadError. */
export type Upload = (
  file: File,
  signal: AbortSignal,
  onProgress: (sent: number, total: number) => void,
) => Promise<Attachment>;

interface Chip {
  key: number;
  file: File;
  state: 'uploading' | 'done' | 'failed';
  /** How much of it has gone, 0..1, while uploading. */
  sent: number;
  attachment?: Attachment;
  /** Why it failed, in the visitor's language. */
  reason?: string;
  stop: AbortController;
}

type Host = ReactiveControllerHost & {
  strings?: Translation;
  language?: string;
  limits?: AttachmentLimits;
  upload?: Upload;
  focus(): void;
};

/** The strings for a FileUploadError's code. */
function reasonOf(error: unknown, s: Translation): string {
  const code = (error as { code?: string } | undefined)?.code;
  if (code === 'file_too_large') return s.fileTooLarge;
  if (code === 'type_not_allowed') return s.fileTypeNotAllowed;
  if (code === 'quota_exceeded') return s.fileQuota;
  return s.fileNotUploaded;
}

export class AttachmentTray implements ReactiveController {
  #chips: Chip[] = [];
  #next = 0;
  /** What a screen reader hears of the last change. */
  announcement = '';

  constructor(private readonly host: Host) {
    host.addController(this);
  }

  hostDisconnected(): void {
    for (const chip of this.#chips) chip.stop.abort();
  }

  /** Whether files may be attached here at all. */
  get enabled(): boolean {
    return Boolean(this.host.limits?.enabled && this.host.upload);
  }

  /** A file is still uploading: the message waits for it. */
  get busy(): boolean {
    return this.#chips.some((c) => c.state === 'uploading');
  }

  /** The uploaded files, to send with the message. */
  get ready(): Attachment[] {
    return this.#chips.flatMap((c) => (c.state === 'done' && c.attachment ? [c.attachment] : []));
  }

  /** Starts uploading `files`; those beyond the widget's files per message are refused on their chip. */
  add(files: Iterable<File>): void {
    const { upload, limits, strings: s } = this.host;
    if (!this.enabled || !upload || !limits || !s) return;
    for (const file of files) {
      const chip: Chip = { key: this.#next++, file, state: 'uploading', sent: 0, stop: new AbortController() };
      this.#chips = [...this.#chips, chip];
      const taken = this.#chips.filter((c) => c.state !== 'failed').length;
      if (taken > limits.maxFiles) {
        this.#settle(chip, { state: 'failed', reason: s.tooManyFiles });
        continue;
      }
      this.announcement = `${file.name}: ${s.uploading}`;
      const progress = (sent: number, total: number) => {
        chip.sent = total ? sent / total : 0;
        this.host.requestUpdate();
      };
      upload(file, chip.stop.signal, progress).then(
        (attachment) => this.#settle(chip, { state: 'done', attachment }),
        (error: unknown) => {
          if (!chip.stop.signal.aborted) this.#settle(chip, { state: 'failed', reason: reasonOf(error, s) });
        },
      );
    }
    this.host.requestUpdate();
  }

  remove(key: number): void {
    const chip = this.#chips.find((c) => c.key === key);
    chip?.stop.abort();
    this.#chips = this.#chips.filter((c) => c.key !== key);
    this.announcement = '';
    this.host.requestUpdate();
    // Its button is gone: the visitor goes on where they type.
    void this.host.updateComplete.then(() => this.host.focus());
  }

  /** The message went: the tray starts empty. */
  clear(): void {
    this.#chips = [];
    this.host.requestUpdate();
  }

  #settle(chip: Chip, change: Partial<Chip>): void {
    Object.assign(chip, change);
    this.#chips = [...this.#chips];
    if (change.state === 'failed') this.announcement = `${chip.file.name}: ${change.reason}`;
    if (change.state === 'done') this.announcement = chip.file.name;
    this.host.requestUpdate();
  }

  render(s: Translation) {
    if (this.#chips.length === 0) return nothing;
    const language = this.host.language ?? 'en';
    const percent = new Intl.NumberFormat(language, { style: 'percent' });
    return html`<ul part="attachment-chips" class="chips" aria-label=${s.attachments}>
      ${this.#chips.map(
        (c) =>
          html`<li part="attachment-chip" class="chip" data-state=${c.state}>
            <span class="name" dir="auto">${c.file.name}</span>
            <span class="size">${fileSize(c.file.size, language)}</span>
            ${
              c.state === 'uploading'
                ? html`<span class="state">${s.uploading} ${c.sent ? percent.format(c.sent) : ''}</span>
                    <progress
                      part="attachment-progress"
                      max="1"
                      .value=${c.sent}
                      aria-label=${`${s.uploading} ${c.file.name}`}
                    ></progress>`
                : c.state === 'failed'
                  ? html`<span class="state failed">${c.reason}</span>`
                  : nothing
            }
            <button
              type="button"
              part="attachment-remove-button"
              aria-label=${`${s.removeFile} ${c.file.name}`}
              title=${s.removeFile}
              @click=${() => this.remove(c.key)}
            >
              ${closeIcon(16)}
            </button>
          </li>`,
      )}
    </ul>`;
  }
}
