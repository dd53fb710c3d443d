import { Hono } from 'hono';
import * as v from 'valibot';
import type { Database } from '../db/database.js';
import type { WidgetEnv } from '../http/env.js';
import { id } from '../http/fields.js';
import { jsonBody } from '../http/validate.js';
import { mintVisitor } from '../http/visitor.js';
import { requireWidget } from '../http/widget.js';
import { limitWrites } from '../http/limit-writes.js';

/**
 * `POST /api/widget/visitors`: a new visitor and its token, before its first message (the widget
 * asks for one so that a retried first message is still the same visitor's). Nothing is stored:
 * the token is checked by its signature.
 */
export function visitorRoutes(db: Database) {
  return new Hono<WidgetEnv>().post(
    '/visitors',
    jsonBody(v.object({ widgetId: id })),
    requireWidget(db, 'json'),
    limitWrites(db),
    async (c) => {
      const visitor = await mintVisitor(db, c.var.widget.id);
      return c.json({ visitorId: visitor.id, visitorToken: visitor.token }, 201);
    },
  );
}
