import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { Translation } from '../../i18n/en.js';
import { closeIcon } from '../close-icon.js';

// A picture sent in the conversation, full size, in a modal <dialog> over the page
// (docs/elements.md, "Attachments"): Escape, the close button or a click beside it closes it,
// and focus goes back to the picture it was opened from.

type Picture = { url: string; name: string };

export class PictureViewer implements ReactiveController {
  #picture?: Picture;
  #opener?: HTMLElement;

  constructor(private readonly host: ReactiveControllerHost & { renderRoot: ParentNode }) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.#picture = undefined;
  }

  get #dialog(): HTMLDialogElement | null {
    return this.host.renderRoot.querySelector('dialog.picture');
  }

  async open(picture: Picture, opener: HTMLElement | undefined): Promise<void> {
    this.#picture = picture;
    this.#opener = opener;
    this.host.requestUpdate();
    await this.host.updateComplete;
    this.#dialog?.showModal();
  }

  readonly #closed = (): void => {
    this.#picture = undefined;
    this.host.requestUpdate();
    this.#opener?.focus();
  };

  render(s: Translation) {
    const p = this.#picture;
    if (!p) return nothing;
    return html`<dialog
      part="picture-dialog"
      class="picture"
      aria-label=${p.name}
      @close=${this.#closed}
      @keydown=${(e: KeyboardEvent) => {
        // Escape closes the picture, not the chat around it.
        if (e.key === 'Escape') e.stopPropagation();
      }}
      @click=${(e: Event) => e.target === e.currentTarget && this.#dialog?.close()}
    >
      <img src=${p.url} alt=${p.name} />
      <button
        part="picture-close-button"
        type="button"
        autofocus
        aria-label=${s.closePicture}
        title=${s.closePicture}
        @click=${() => this.#dialog?.close()}
      >
        ${closeIcon(20)}
      </button>
    </dialog>`;
  }
}
