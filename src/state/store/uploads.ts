import type { ChatSession } from '../chat-state.js';
import { FileUploadError } from '../errors.js';
import type { Attachment } from '../responses.js';
import type { StoreCore } from './core.js';
import { retrying } from './retrying.js';

// A visitor's files (docs/core.md, "Attachments"): checked against the widget's limits, uploaded
// to the conversation, retried as messages are. The message that carries them is sent as any other.

/** The check the server makes too, made first so the visitor hears at once (the server decides by content). */
function refusal(core: StoreCore, file: Blob): FileUploadError | undefined {
  const limits = core.state().prelude?.attachments;
  if (!limits) return undefined;
  if (!limits.enabled) return new FileUploadError('This chat does not take files.', { code: 'attachments_disabled' });
  if (file.size === 0) return new FileUploadError('The file is empty.', { code: 'bad_request' });
  if (file.size > limits.maxBytes) {
    return new FileUploadError(`The file is larger than ${limits.maxBytes} bytes.`, {
      code: 'file_too_large',
      details: { maxBytes: limits.maxBytes },
    });
  }
  if (file.type && !limits.types.includes(file.type)) {
    return new FileUploadError(`This kind of file (${file.type}) cannot be sent here.`, {
      code: 'type_not_allowed',
      details: { types: limits.types },
    });
  }
  return undefined;
}

/** Aborted when either is (AbortSignal.any is too new for some browsers we support). */
function either(a: AbortSignal, b?: AbortSignal): AbortSignal {
  if (!b) return a;
  const both = new AbortController();
  for (const signal of [a, b]) {
    if (signal.aborted) both.abort(signal.reason);
    else signal.addEventListener('abort', () => both.abort(signal.reason), { once: true });
  }
  return both.signal;
}

export function createUploads(core: StoreCore, createSession: () => Promise<ChatSession>) {
  const { api } = core;

  async function uploadAttachment(
    file: Blob,
    {
      name,
      signal,
      onProgress,
    }: { name?: string; signal?: AbortSignal; onProgress?: (sent: number, total: number) => void } = {},
  ): Promise<Attachment> {
    await core.restored;
    const refused = refusal(core, file);
    if (refused) throw refused;
    const session = await createSession();
    const stop = either(core.conversation(), signal);
    // Retried as a message is: a lost connection, a 5xx, a 429 with its Retry-After.
    return retrying(
      core,
      stop,
      () => api.uploadAttachment(file, session.id, { name, signal: stop, onProgress }),
      (error) => (error instanceof FileUploadError ? error.cause : error),
    );
  }

  return { uploadAttachment };
}
