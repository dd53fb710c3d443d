import { Hono } from 'hono';
import * as v from 'valibot';
import { findContact } from '../db/contacts.js';
import { latestOpenConversation } from '../db/conversations.js';
import type { Database } from '../db/database.js';
import type { WidgetRow } from '../db/widgets.js';
import type { VisitorEnv } from '../http/env.js';
import { sessionResponse } from './conversations.js';
import { id } from '../http/fields.js';
import { pathParams, queryParams } from '../http/validate.js';
import { identifyVisitor, sameVisitor } from '../http/visitor.js';
import { requireWidget } from '../http/widget.js';

/** The widget's settings as the widget reads them before the visitor's first message. */
const prelude = (w: WidgetRow, attachmentsOn: boolean) => ({
  widgetId: w.id,
  name: w.name,
  greeting: w.greeting,
  placeholder: w.placeholder,
  primaryColor: w.primary_color,
  theme: w.theme,
  position: w.position,
  language: w.language,
  bot: { name: w.bot_name, avatarUrl: w.bot_avatar_url },
  initialQuestions: w.initial_questions,
  collectUserData: w.collect_user_data,
  escalation: { enabled: w.escalation_enabled },
  aiEnabled: true,
  attachments: {
    enabled: attachmentsOn && w.attachments_enabled,
    maxBytes: w.attachment_max_bytes,
    maxFiles: w.attachment_max_files,
    types: w.attachment_types,
  },
});

/** `/api/widget/{widgetId}/prelude` and `/me`: what the widget loads first. */
export function widgetSettingsRoutes(db: Database, { attachmentsOn }: { attachmentsOn: boolean }) {
  const widgetParam = pathParams(v.object({ widgetId: id }));
  return new Hono<VisitorEnv>()
    .get('/:widgetId/prelude', widgetParam, requireWidget(db, 'param'), (c) =>
      c.json(prelude(c.var.widget, attachmentsOn)),
    )
    .get(
      '/:widgetId/me',
      widgetParam,
      requireWidget(db, 'param'),
      queryParams(v.object({ visitorId: v.optional(id) })),
      identifyVisitor(db, 'refuse'),
      async (c) => {
        sameVisitor(c, c.req.valid('query').visitorId);
        const { id: visitorId, verified = false } = c.var.visitor;
        const widgetId = c.var.widget.id;
        const [contact, latest] = await Promise.all([
          findContact(db, widgetId, visitorId),
          latestOpenConversation(db, widgetId, visitorId),
        ]);
        return c.json({
          visitorId,
          name: contact?.name ?? null,
          email: contact?.email ?? null,
          verified,
          // The conversation to go on with: how a verified contact's follows them to a new device.
          conversation: latest ? sessionResponse(latest) : null,
        });
      },
    );
}
