import type { OpenCXComposer } from '../composer/composer.js';
import type { Chat } from '../../state/chat.js';
import type { Attachment } from '../../state/responses.js';

/**
 * How the panel takes files (docs/elements.md, "Attachments"): the composer uploads through the
 * chat, and files dragged over the panel may be dropped on it where the composer takes files.
 */
export class PanelFiles {
  constructor(
    private readonly chat: () => Chat | undefined,
    private readonly composer: () => OpenCXComposer | null,
  ) {}

  readonly upload = (
    file: File,
    signal: AbortSignal,
    onProgress: (sent: number, total: number) => void,
  ): Promise<Attachment> =>
    this.chat()?.uploadAttachment(file, { signal, onProgress }) ?? Promise.reject(new Error('The chat is not ready.'));

  readonly dragOver = (event: DragEvent): void => {
    if (event.dataTransfer?.types.includes('Files') && this.composer()?.limits?.enabled) event.preventDefault();
  };

  readonly drop = (event: DragEvent): void => {
    const files = [...(event.dataTransfer?.files ?? [])];
    const composer = this.composer();
    if (files.length === 0 || !composer?.limits?.enabled) return;
    event.preventDefault();
    composer.addFiles(files);
  };
}
