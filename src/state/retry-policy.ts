import { isRetryable, OpenCXError } from './errors.js';

export interface RetryPolicy {
  /** First retry waits about this long; each next one twice as long. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Attempts in all, the first included, before a message is marked `failed`. */
  maxAttempts: number;
  /** A `Retry-After` longer than this (a spent daily quota) fails the message at once instead. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  maxAttempts: 6,
  maxRetryAfterMs: 120_000,
};

/**
 * How long to wait before attempt `attempt + 1` after `error`, or `undefined` when it must not be
 * retried. Capped exponential backoff with jitter (half fixed, half random, so clients that failed
 * together do not retry together), and never sooner than the server's `Retry-After`.
 */
export function retryDelay(
  error: unknown,
  attempt: number,
  policy: RetryPolicy,
  random = Math.random,
): number | undefined {
  if (!isRetryable(error) || attempt >= policy.maxAttempts) return undefined;
  const retryAfter = error instanceof OpenCXError ? (error.retryAfterMs ?? 0) : 0;
  if (retryAfter > policy.maxRetryAfterMs) return undefined;
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.max(retryAfter, backoff / 2 + (random() * backoff) / 2);
}
