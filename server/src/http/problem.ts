/**
 * An error the API answers with: `{"error": {"code", "message", "details"?}}` (docs/server.md, "Errors").
 * It is an answer, not a fault: it carries no stack trace, whose capture was most of what a
 * refused request cost (docs/server.md, "Capacity"), and which nobody reads.
 */
export class ApiProblem extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 413 | 415 | 429,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** Seconds, sent as Retry-After (429). */
    readonly retryAfter?: number,
  ) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
  }
}

/** The JSON body of an error response. */
export function problemBody(code: string, message: string, details?: unknown) {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } };
}

/** What a visitor sees of any failure that is not theirs: nothing internal (no stack, SQL or driver text). */
export const INTERNAL = problemBody('internal', 'Something went wrong on our side.');

/** Also for a conversation that exists but is another widget's: its existence is not revealed. */
export const conversationNotFound = () =>
  new ApiProblem(404, 'conversation_not_found', 'This widget has no such conversation.');

/** A 429 of the limits (db/limits.ts), with the seconds to wait as Retry-After. */
export function limitProblem(
  code: 'rate_limited' | 'quota_exceeded',
  retryAfter: number,
  what: 'messages' | 'requests' = 'messages',
) {
  const message =
    code === 'rate_limited'
      ? `Too many ${what}. Please wait a moment.`
      : 'This chat has answered all it can today. Please come back tomorrow.';
  return new ApiProblem(429, code, message, undefined, retryAfter);
}
