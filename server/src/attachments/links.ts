import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Database } from '../db/database.js';
import type { StoredAttachment } from '../db/attachments.js';
import { serverSecret } from '../db/secrets.js';

// An attachment's link (docs/server.md, "Attachments"): `/files/{id}?expires=&signature=`, signed
// with a server secret. An <img> cannot send the visitor's token, so the link itself is the
// proof: it is handed only to the conversation's visitor and its agents, and stops working when it
// expires. Expiry is rounded up to the hour so the same file keeps the same link for an hour (the
// browser's cache keeps working).

/** How long a link works after it was handed out (at least; up to an hour more). */
export const LINK_HOURS = 24;

const HOUR = 3600;

const sign = (secret: Buffer, id: string, expires: number) =>
  createHmac('sha256', secret).update(`attachment\0${id}\0${expires}`).digest('base64url');

export type WithUrl<T> = T & { url: string };

/** Makes and checks attachments' links; `base` is the server's public origin as the browser reaches it. */
export function attachmentLinks(db: Database) {
  const secret = () => serverSecret(db, 'attachment-link');
  async function url(base: string, id: string, now = Date.now()): Promise<string> {
    const expires = Math.ceil(now / 1000 / HOUR) * HOUR + LINK_HOURS * HOUR;
    return `${base}/files/${id}?expires=${expires}&signature=${sign(await secret(), id, expires)}`;
  }
  return {
    url,
    /** Whether the link's `expires` and `signature` are for `id` and not yet past. */
    async verify(id: string, expires: string | undefined, signature: string | undefined, now = Date.now()) {
      if (!expires || !signature || !/^\d{1,12}$/.test(expires) || Number(expires) * 1000 <= now) return false;
      const expected = Buffer.from(sign(await secret(), id, Number(expires)));
      const given = Buffer.from(signature);
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
    /** `message` with a link on each of its attachments (a message without any is returned as it is). */
    async withUrls<M extends { attachments?: StoredAttachment[] }>(base: string, message: M): Promise<M> {
      if (!message.attachments?.length) return message;
      const attachments = await Promise.all(
        message.attachments.map(async (a) => ({ ...a, url: await url(base, a.attachmentId) })),
      );
      return { ...message, attachments };
    },
  };
}

export type AttachmentLinks = ReturnType<typeof attachmentLinks>;
