import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { Database } from '../db/database.js';
import { widgetCache } from '../db/widget-cache.js';
import { allowsOrigin, type WidgetRow } from '../db/widgets.js';
import type { WidgetEnv } from './env.js';
import { ApiProblem } from './problem.js';

/**
 * CORS for the widget API, all of it. Which pages may read a response depends on the widget the
 * request names, which is known only once the route has read its body: so the headers are decided
 * after the route ran (Hono's `cors()` decides before). A page may read:
 * - the responses of a widget that allows its origin (no credentials: the API uses none);
 * - a 403 `origin_not_allowed`, so the widget can say it is not available on this website instead
 *   of failing as if offline;
 * - errors raised before the widget was known (a 400, a 413), when some active widget allows it.
 * Preflights name no widget: they pass when some active widget allows the origin.
 */
export const widgetCors = (db: Database) =>
  createMiddleware<WidgetEnv>(async (c, next) => {
    c.header('Vary', 'Origin');
    const origin = c.req.header('Origin');
    if (c.req.method === 'OPTIONS') {
      if (origin && (await widgetCache(db).someAllows(origin))) {
        c.header('Access-Control-Allow-Origin', origin);
        c.header('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
        c.header('Access-Control-Allow-Headers', c.req.header('Access-Control-Request-Headers') ?? 'Content-Type');
        c.header('Access-Control-Max-Age', '600');
      }
      return c.body(null, 204);
    }
    await next();
    if (origin && (await mayRead(db, c, origin))) {
      c.header('Access-Control-Allow-Origin', origin);
      // Date: a Retry-After given as a date is read against the server's clock, not the device's.
      c.header('Access-Control-Expose-Headers', 'Retry-After, Date, X-Conversation-Id');
    }
  });

async function mayRead(db: Database, c: Context<WidgetEnv>, origin: string): Promise<boolean> {
  const widget = c.get('widget') as WidgetRow | undefined;
  if (widget) return allowsOrigin(widget, origin);
  if (c.error instanceof ApiProblem && c.error.code === 'origin_not_allowed') return true;
  return widgetCache(db)
    .someAllows(origin)
    .catch(() => false);
}
