import * as v from 'valibot';
import {
  AuthenticationError,
  ConnectionError,
  FileUploadError,
  OpenCXError,
  HttpError,
  RateLimitError,
  SessionNotDefinedError,
  TransportError,
  type OpenCXErrorOptions,
} from './errors.js';
import { errorBodySchema } from './responses.js';

// How ApiCaller (api.ts) reads what the server answered when it is not the answer asked for: the
// documented JSON error as an OpenCXError subclass, and how long to wait before asking again.

/**
 * Milliseconds from a `Retry-After` header: delta-seconds, or an HTTP date on the server's clock,
 * read against the response's `Date` when it has one. A device clock a day off would otherwise
 * give up at once or ignore the wait.
 */
export function parseRetryAfter(header: string | null, serverDate: string | null): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  if (Number.isNaN(date)) return undefined;
  const now = serverDate === null ? Number.NaN : Date.parse(serverDate);
  return Math.max(0, date - (Number.isNaN(now) ? Date.now() : now));
}

export function describeIssue(issues: v.BaseIssue<unknown>[]): string {
  const first = issues[0];
  if (!first) return 'an unexpected shape';
  const at = v.getDotPath(first);
  return `${at ? `"${at}" ` : ''}${first.message}`;
}

export function errorFromResponse(status: number, body: string, retryAfterMs: number | undefined): Error {
  let documented: v.InferOutput<typeof errorBodySchema>['error'] | undefined;
  try {
    const parsed = v.safeParse(errorBodySchema, JSON.parse(body));
    if (parsed.success) documented = parsed.output.error;
  } catch {
    // Not JSON: a proxy's or captive portal's page. Handled below by status alone.
  }
  const options: OpenCXErrorOptions = {
    code: documented?.code ?? `http_${status}`,
    status,
    details: documented?.details,
    retryAfterMs,
  };
  const message = documented?.message ?? `The chat server answered ${status} without the documented JSON error.`;
  if (status === 401 || status === 403) return new AuthenticationError(message, options);
  if (status === 429) return new RateLimitError(message, options);
  if (!documented) return new TransportError(message, options);
  if (status === 404 && documented.code === 'conversation_not_found')
    return new SessionNotDefinedError(message, options);
  return new HttpError(message, options);
}

/** The codes a `FileUploadError` has for what the visitor can act on; others keep the server's. */
const UPLOAD_CODES: Record<string, string> = { rate_limited: 'quota_exceeded' };

/** Any failure of an upload as a `FileUploadError` (docs/core.md, "Attachments"), the cause kept. */
export function uploadError(error: unknown): FileUploadError {
  if (error instanceof FileUploadError) return error;
  if (!(error instanceof OpenCXError)) {
    return new FileUploadError('The file could not be uploaded.', { code: 'network', cause: error });
  }
  const code = error instanceof ConnectionError ? 'network' : (UPLOAD_CODES[error.code] ?? error.code);
  return new FileUploadError(error.message, {
    code,
    status: error.status,
    details: error.details,
    retryAfterMs: error.retryAfterMs,
    cause: error,
  });
}
