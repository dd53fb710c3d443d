import { createMiddleware } from 'hono/factory';
import type { Database } from '../db/database.js';
import { admitWrite } from '../db/limits.js';
import type { WidgetEnv } from './env.js';
import { limitProblem } from './problem.js';

/**
 * Counts a write other than a message (after `requireWidget`) against what one address may write
 * (db/limits.ts): a 429 with Retry-After when it is over. Bad requests are refused before they
 * count.
 */
export const limitWrites = (db: Database) =>
  createMiddleware<WidgetEnv>(async (c, next) => {
    const refusal = await admitWrite(db, c.var.widget, c.var.client);
    if (refusal) throw limitProblem(refusal.code, refusal.retryAfter, 'requests');
    await next();
  });
