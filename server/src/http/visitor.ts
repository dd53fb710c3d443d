import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { Database } from '../db/database.js';
import { serverSecret } from '../db/secrets.js';
import { verifyContact } from './contact-token.js';
import type { Visitor, VisitorEnv } from './env.js';
import { ApiProblem } from './problem.js';

// Who a visitor is, as the server says (docs/server.md, "Visitors"): the server makes the visitor
// id, at random, and signs it with the widget's id into a token the widget keeps and sends back in
// the X-Visitor-Token header. Conversations, contact details and idempotency records belong to a
// visitor; only that visitor's token reads or writes them. The token is checked without a lookup.

const VISITOR_HEADER = 'X-Visitor-Token';

const signature = (secret: Buffer, widgetId: string, visitorId: string) =>
  createHmac('sha256', secret).update(`visitor\0${widgetId}\0${visitorId}`).digest('base64url');

/** A new visitor of `widgetId`: 128 random bits, and its token. */
export async function mintVisitor(db: Database, widgetId: string): Promise<Visitor> {
  const id = `v_${randomBytes(16).toString('base64url')}`;
  const secret = await serverSecret(db, 'visitor-token');
  return { id, token: `${id}.${signature(secret, widgetId, id)}`, minted: true };
}

/** The visitor `token` names, if the server signed it for `widgetId`. */
async function verifyVisitor(db: Database, widgetId: string, token: string): Promise<string | undefined> {
  const dot = token.lastIndexOf('.');
  const id = token.slice(0, dot);
  if (dot < 1 || !/^v_[\w-]{22}$/.test(id)) return undefined;
  const expected = Buffer.from(signature(await serverSecret(db, 'visitor-token'), widgetId, id));
  const given = Buffer.from(token.slice(dot + 1));
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : undefined;
}

/**
 * Sets `c.var.visitor` from a contact token (`Authorization: Bearer`, checked first) or the
 * X-Visitor-Token header, after `requireWidget`. Either not valid for this widget is a 401. Without one, a route that starts something (`mint`: chat,
 * a new conversation) gets a new visitor, returned with the response; any other is a 401.
 */
export const identifyVisitor = (db: Database, without: 'mint' | 'refuse') =>
  createMiddleware<VisitorEnv>(async (c, next) => {
    const token = c.req.header(VISITOR_HEADER);
    const widgetId = c.var.widget.id;
    const authorization = c.req.header('Authorization');
    if (authorization !== undefined) {
      // A verified contact (http/contact-token.ts): who they are is the token's `sub`, whatever
      // visitor token the browser also holds.
      const contact = await verifyContact(db, widgetId, authorization);
      c.set('visitor', { id: contact.visitorId, token: '', minted: false, verified: true });
    } else if (token !== undefined) {
      const id = token.length <= 200 ? await verifyVisitor(db, widgetId, token) : undefined;
      if (!id) {
        throw new ApiProblem(
          401,
          'invalid_visitor_token',
          'This visitor token is not valid for this widget: ask for a new one with POST /api/widget/visitors.',
        );
      }
      c.set('visitor', { id, token, minted: false });
    } else if (without === 'mint') {
      c.set('visitor', await mintVisitor(db, widgetId));
    } else {
      throw new ApiProblem(
        401,
        'unauthorized',
        `This request needs the visitor's token, in the ${VISITOR_HEADER} header.`,
      );
    }
    await next();
  });

/**
 * A `visitorId` the request also names (the reference and LaunchChat contracts send one) must be
 * the token's: it never chooses the visitor.
 */
export function sameVisitor(c: Context<VisitorEnv>, named: string | undefined): void {
  const { visitor } = c.var;
  // A verified contact is who the contact token says; the browser's own visitor id is not theirs.
  if (named !== undefined && !visitor.minted && !visitor.verified && named !== visitor.id) {
    throw new ApiProblem(403, 'forbidden', 'This visitorId is not the visitor of the token sent.');
  }
}

/** What a response adds when the server made the visitor: the widget keeps both and sends the token back. */
export const newVisitorFields = (visitor: Visitor) =>
  visitor.minted ? { visitorId: visitor.id, visitorToken: visitor.token } : {};
