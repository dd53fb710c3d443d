/** What every OpenCX error carries besides its message. */
export interface OpenCXErrorOptions {
  /** Machine-readable reason: the server's snake_case `code`, or one of ours (`network_error`, `timeout`, `invalid_response`, ...). */
  code?: string;
  /** HTTP status of the response that caused the error, when there was one. */
  status?: number;
  /** The server's `details` (for a 400: the fields at fault). */
  details?: unknown;
  /** How long the server asked us to wait before trying again (`Retry-After`), in milliseconds. */
  retryAfterMs?: number;
  cause?: unknown;
}

/** Base class of every error the widget throws. */
export class OpenCXError extends Error {
  // Spelled out: minifiers (ours and our users') rename classes, and `name` is what people log.
  override name = 'OpenCXError';
  readonly code: string;
  readonly status?: number;
  readonly details?: unknown;
  readonly retryAfterMs?: number;

  constructor(message: string, options: OpenCXErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code ?? 'opencx_error';
    this.status = options.status;
    this.details = options.details;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** The chat server could not be reached (offline, DNS, refused, timed out). */
export class ConnectionError extends OpenCXError {
  override name = 'ConnectionError';
}

/** The server refused who we are: 401, or 403 (`origin_not_allowed` when the page's origin is not allowed). */
export class AuthenticationError extends OpenCXError {
  override name = 'AuthenticationError';
}

/** A conversation could not be created, found or used. */
export class SessionError extends OpenCXError {
  override name = 'SessionError';
}

/** The conversation is unknown to the server, or there is none yet. */
export class SessionNotDefinedError extends SessionError {
  override name = 'SessionNotDefinedError';
}

/** The server answered, but not with the documented JSON (a captive portal's HTML, a cut-off body, a wrong shape). */
export class TransportError extends OpenCXError {
  override name = 'TransportError';
}

/** An attachment could not be uploaded. */
export class FileUploadError extends OpenCXError {
  override name = 'FileUploadError';
}

/** The options given to `createConfig` are wrong; `field` names the first one at fault. */
export class ConfigurationError extends OpenCXError {
  override name = 'ConfigurationError';
  readonly field?: string;

  constructor(message: string, options: OpenCXErrorOptions & { field?: string } = {}) {
    super(message, { code: 'invalid_configuration', ...options });
    this.field = options.field;
  }
}

/** The server answered with a documented error other than the ones above (400, 404 `widget_not_found`, 5xx). */
export class HttpError extends OpenCXError {
  override name = 'HttpError';
}

/** 429: too many messages (`rate_limited`) or the widget's daily quota is spent (`quota_exceeded`); see `retryAfterMs`. */
export class RateLimitError extends HttpError {
  override name = 'RateLimitError';
}

type ErrorClass = new (message: string, options?: OpenCXErrorOptions) => OpenCXError;

/** The codes whose class the code alone tells, as `ApiCaller` and `createConfig` throw them. */
const CLASS_OF_CODE: Record<string, ErrorClass> = {
  invalid_configuration: ConfigurationError,
  network_error: ConnectionError,
  timeout: ConnectionError,
  origin_not_allowed: AuthenticationError,
  http_401: AuthenticationError,
  http_403: AuthenticationError,
  rate_limited: RateLimitError,
  quota_exceeded: RateLimitError,
  http_429: RateLimitError,
  conversation_not_found: SessionNotDefinedError,
  invalid_response: TransportError,
  incomplete_response: TransportError,
  unknown_error: OpenCXError,
};

/**
 * The error a reported failure stands for (`{ code, message }`, the detail of an `opencx-error`
 * event), of the class its code belongs to. Beyond the codes above, `http_<status>` is what
 * `ApiCaller` gives a response without the documented JSON (a `TransportError`), and any other
 * code is a documented error of the server (`widget_not_found`, `internal`...: an `HttpError`).
 */
export function errorFromReport({ code, message }: { code: string; message: string }): OpenCXError {
  const ErrorOfCode = CLASS_OF_CODE[code] ?? (/^http_\d+$/.test(code) ? TransportError : HttpError);
  return new ErrorOfCode(message, { code });
}

/** Whether trying the same request again later may succeed (docs/core.md#what-it-guarantees). */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof OpenCXError)) return false;
  const { status } = error;
  if (status !== undefined && status >= 400 && status < 500) return status === 408 || status === 429;
  return error instanceof ConnectionError || error instanceof TransportError || (status ?? 0) >= 500;
}
