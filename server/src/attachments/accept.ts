import { rm } from 'node:fs/promises';
import {
  deleteAttachment,
  insertAttachment,
  newAttachmentId,
  type StoredAttachment,
  type Uploader,
} from '../db/attachments.js';
import type { Database } from '../db/database.js';
import type { WidgetRow } from '../db/widgets.js';
import { ApiProblem } from '../http/problem.js';
import { contentTypeOf } from './content-type.js';
import { isReencodable, reencode } from './images.js';
import { receiveFile, tooLarge } from './receive.js';
import type { FileStore } from './storage.js';

/**
 * One uploaded file, from the request to the store (docs/server.md, "Attachments"): received to
 * an incoming file (never whole in memory), its type read from its bytes and checked against the
 * widget's list, an image re-encoded without metadata, then committed and recorded. Anything
 * refused or cut on the way leaves nothing behind.
 */
export async function acceptUpload(
  db: Database,
  store: FileStore,
  {
    request,
    widget,
    conversationId,
    uploader,
  }: { request: Request; widget: WidgetRow; conversationId: string; uploader: Uploader },
): Promise<StoredAttachment> {
  const file = await receiveFile(request, store, widget.attachment_max_bytes);
  const made: string[] = [file.path];
  try {
    const contentType = await contentTypeOf(file.path);
    if (!contentType || !widget.attachment_types.includes(contentType)) {
      throw new ApiProblem(
        415,
        'type_not_allowed',
        `This kind of file cannot be sent here. Allowed: ${widget.attachment_types.join(', ')}.`,
        { types: widget.attachment_types, ...(contentType ? { detected: contentType } : {}) },
      );
    }
    let path = file.path;
    let size = file.size;
    if (isReencodable(contentType)) {
      path = store.scratch();
      made.push(path);
      try {
        size = await reencode(file.path, path, contentType);
      } catch {
        // Its first bytes say image, the rest is not one (or it decodes to too many pixels).
        throw new ApiProblem(415, 'type_not_allowed', 'This image could not be read.', {
          types: widget.attachment_types,
        });
      }
      // Re-encoding seldom grows a file, but the limit is the limit.
      if (size > widget.attachment_max_bytes) throw tooLarge(widget.attachment_max_bytes);
    }
    const attachment = { attachmentId: newAttachmentId(), name: file.name, size, contentType };
    // The record first: the sweep (attachments/sweep.ts) deletes a file it finds without one, and
    // must never find a file committed a moment before its record.
    await insertAttachment(db, { ...attachment, widgetId: widget.id, conversationId, uploader });
    try {
      await store.commit(path, attachment.attachmentId);
    } catch (error) {
      await deleteAttachment(db, attachment.attachmentId).catch(() => {});
      throw error;
    }
    return attachment;
  } finally {
    // Whatever was not committed: the original of a re-encoded image, or everything on failure.
    await Promise.all(made.map((path) => rm(path, { force: true })));
  }
}
