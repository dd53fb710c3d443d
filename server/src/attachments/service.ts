import type { Context } from 'hono';
import type { StoredAttachment } from '../db/attachments.js';
import type { Database } from '../db/database.js';
import { attachmentLinks } from './links.js';
import type { FileStore } from './storage.js';

/** What the routes that take or show attachments share: where files are, and how their links are made. */
export interface Attachments {
  store: FileStore;
  links: ReturnType<typeof attachmentLinks>;
  /** The server's origin as browsers reach it, for links: the configured one, else the request's. */
  base(c: Context): string;
}

/**
 * Attachments on `store`, or undefined without one (they are then off for every widget).
 * `publicUrl`: the server's public origin when a proxy in front changes it (docs/server.md, "Attachments").
 */
export function attachmentsService(
  db: Database,
  store: FileStore | undefined,
  publicUrl?: string,
): Attachments | undefined {
  if (!store) return undefined;
  const fixed = publicUrl?.replace(/\/+$/, '');
  return { store, links: attachmentLinks(db), base: (c) => fixed ?? new URL(c.req.url).origin };
}

/** What adds links to a message's files for the request `c` (the message as it is without attachments). */
export function linkFiles(attachments: Attachments | undefined, c: Context): (message: unknown) => Promise<unknown> {
  if (!attachments) return async (message) => message;
  const base = attachments.base(c);
  return (message) => attachments.links.withUrls(base, message as { attachments?: StoredAttachment[] });
}
