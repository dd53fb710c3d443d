/** An error the API answers with: `{"error": {"code", "message", "details"?}}` (API.md §3). */
export class ApiProblem extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 413 | 429,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** Seconds, sent as Retry-After (429). */
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}
