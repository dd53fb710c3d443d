import type { ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Log } from '../log.js';
import { ApiProblem, INTERNAL, problemBody } from './problem.js';

/**
 * Every failure as the documented JSON error: an `ApiProblem` as itself, Hono's own 4xx (a body
 * that is not JSON) as `bad_request`, anything else as `internal`, logged for the operator.
 */
export function errorResponse(log: Log): ErrorHandler {
  return (error, c) => {
    if (error instanceof ApiProblem) {
      if (error.retryAfter !== undefined) c.header('Retry-After', String(error.retryAfter));
      return c.json(problemBody(error.code, error.message, error.details), error.status);
    }
    if (error instanceof HTTPException && error.status === 400) {
      return c.json(problemBody('bad_request', 'The body must be a JSON object.'), 400);
    }
    log.error('[server]', error);
    return c.json(INTERNAL, 500);
  };
}

export const notFound: NotFoundHandler = (c) =>
  c.json(problemBody('not_found', `No route ${c.req.method} ${c.req.path}.`), 404);
