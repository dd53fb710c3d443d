import { Readable } from 'node:stream';
import { Hono } from 'hono';
import * as v from 'valibot';
import { acceptUpload } from '../attachments/accept.js';
import { SAFE_IMAGES } from '../attachments/content-type.js';
import type { Attachments } from '../attachments/service.js';
import { countInConversation, findAttachment } from '../db/attachments.js';
import { findConversation } from '../db/conversations.js';
import type { Database } from '../db/database.js';
import { admitUpload } from '../db/limits.js';
import { findInboxConversation } from '../db/inbox.js';
import { findWidget } from '../db/widgets.js';
import type { AgentEnv, VisitorEnv } from '../http/env.js';
import { conversationId, id } from '../http/fields.js';
import { ApiProblem, conversationNotFound } from '../http/problem.js';
import { queryParams } from '../http/validate.js';
import { identifyVisitor } from '../http/visitor.js';
import { requireWidget } from '../http/widget.js';

/** The most files one conversation holds: a visitor cannot fill the disk through one conversation. */
export const FILES_PER_CONVERSATION = 100;

const uploadQuery = v.object({ widgetId: id, conversationId });

export const attachmentsOff = () =>
  new ApiProblem(403, 'attachments_disabled', 'This widget does not take attachments.');

/** `POST /api/widget/attachments`: a visitor's file, into their conversation (docs/server.md, "Attachments"). */
export function visitorAttachmentRoutes(db: Database, attachments: Attachments | undefined) {
  return new Hono<VisitorEnv>().post(
    '/attachments',
    queryParams(uploadQuery),
    requireWidget(db, 'query'),
    identifyVisitor(db, 'refuse'),
    async (c) => {
      const { widget, visitor, client } = c.var;
      if (!attachments || !widget.attachments_enabled) throw attachmentsOff();
      const { conversationId } = c.req.valid('query');
      if (!(await findConversation(db, widget.id, conversationId, visitor.id))) throw conversationNotFound();
      const refusal = await admitUpload(db, widget, client);
      if (refusal) {
        const message =
          refusal.code === 'rate_limited'
            ? 'Too many files at once. Please wait a moment.'
            : 'No more files can be sent today. Please come back tomorrow.';
        throw new ApiProblem(429, refusal.code, message, undefined, refusal.retryAfter);
      }
      if ((await countInConversation(db, conversationId)) >= FILES_PER_CONVERSATION) {
        throw new ApiProblem(429, 'quota_exceeded', 'This conversation holds all the files it can.');
      }
      const stored = await acceptUpload(db, attachments.store, {
        request: c.req.raw,
        widget,
        conversationId,
        uploader: { role: 'visitor' },
      });
      return c.json({ ...stored, url: await attachments.links.url(attachments.base(c), stored.attachmentId) }, 201);
    },
  );
}

/** `POST /api/agent/conversations/{id}/attachments`: an agent's file, into a conversation of their widgets. */
export function agentAttachmentRoutes(db: Database, attachments: Attachments | undefined) {
  return new Hono<AgentEnv>().post('/conversations/:id/attachments', async (c) => {
    const conversation = await findInboxConversation(db, c.var.agent.widgets, c.req.param('id'));
    if (!conversation) throw conversationNotFound();
    const widget = await findWidget(db, conversation.widgetId);
    if (!attachments || !widget?.attachments_enabled) throw attachmentsOff();
    const stored = await acceptUpload(db, attachments.store, {
      request: c.req.raw,
      widget,
      conversationId: conversation.conversationId,
      uploader: { role: 'agent', agentId: c.var.agent.id },
    });
    return c.json({ ...stored, url: await attachments.links.url(attachments.base(c), stored.attachmentId) }, 201);
  });
}

/** A file name as RFC 5987 wants it in `filename*`: what encodeURIComponent leaves, but for ' ( ) *. */
const rfc5987 = (name: string) =>
  encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** What a file may do where it is opened: nothing. No script, no plugin, no form, no frame. */
const FILE_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox";

/**
 * `GET /files/{id}?expires=&signature=`: an attachment, for whoever holds a link that has not
 * expired (attachments/links.ts). Safe raster images are shown inline; anything else downloads.
 */
export function fileRoutes(db: Database, attachments: Attachments) {
  return new Hono().get('/files/:id', async (c) => {
    const fileId = c.req.param('id');
    const valid =
      /^a_[\w-]{22}$/.test(fileId) &&
      (await attachments.links.verify(fileId, c.req.query('expires'), c.req.query('signature')));
    if (!valid) throw new ApiProblem(403, 'forbidden', 'This link is not valid or has expired.');
    const attachment = await findAttachment(db, fileId);
    const bytes = attachment && (await attachments.store.open(fileId));
    if (!attachment || !bytes) throw new ApiProblem(404, 'not_found', 'This file is no longer here.');
    const inline = SAFE_IMAGES.has(attachment.contentType);
    const type = attachment.contentType === 'text/plain' ? 'text/plain; charset=utf-8' : attachment.contentType;
    return new Response(Readable.toWeb(bytes) as ReadableStream, {
      headers: {
        'Content-Type': type,
        'Content-Length': String(attachment.size),
        'Content-Disposition': `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${rfc5987(attachment.name)}`,
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': FILE_POLICY,
        // The widget is on the customer's site: its <img> loads this from another origin.
        'Cross-Origin-Resource-Policy': 'cross-origin',
        'Referrer-Policy': 'no-referrer',
        'Cache-Control': 'private, max-age=3600',
      },
    });
  });
}
