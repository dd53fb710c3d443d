import { createMiddleware } from 'hono/factory';
import type { Database } from '../db/database.js';
import { widgetCache } from '../db/widget-cache.js';
import { allowsOrigin } from '../db/widgets.js';
import type { WidgetEnv } from './env.js';
import { ApiProblem } from './problem.js';

/**
 * Loads the widget the request names — in the validated JSON body, query or path (`source`, so a
 * validator for it must come first) — into `c.var.widget`: 404 when there is no such active widget,
 * 403 when the page's Origin may not use it. The origin check stops other sites embedding the
 * widget; it is not authentication (any client can send any Origin).
 */
export const requireWidget = (db: Database, source: 'json' | 'query' | 'param') =>
  createMiddleware<WidgetEnv>(async (c, next) => {
    // Hono types `valid()` by the validators of the route it is written in; this one serves many.
    const { widgetId } = (c.req.valid as (target: string) => { widgetId: string })(source);
    const widget = await widgetCache(db).find(widgetId);
    if (!widget) throw new ApiProblem(404, 'widget_not_found', 'No active widget has this id.');
    const origin = c.req.header('Origin');
    if (origin && !allowsOrigin(widget, origin)) {
      throw new ApiProblem(403, 'origin_not_allowed', 'This website may not use this widget.');
    }
    c.set('widget', widget);
    await next();
  });
