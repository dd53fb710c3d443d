import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiProblem } from './problem.js';

/** The largest request body the widget API reads: a 4,000-character message and its fields fit with room. */
export const MAX_BODY_BYTES = 16 * 1024;

/**
 * Refuses a larger body with a 413 before anything reads it. A GET has no body to limit: asking
 * for it would make the whole Fetch Request of a request that needs none (docs/server.md, "Capacity").
 */
export const limitBody = (): MiddlewareHandler => {
  // Uploads are streamed to disk under the widget's own limit (attachments/receive.ts).
  const isUpload = (path: string) => path.endsWith('/attachments');
  const limit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new ApiProblem(413, 'bad_request', `The request body is larger than ${MAX_BODY_BYTES / 1024} KB.`);
    },
  });
  return (c, next) =>
    c.req.method === 'GET' || c.req.method === 'HEAD' || isUpload(c.req.path) ? next() : limit(c, next);
};
