/**
 * When and how long to wait before retrying a request. `Retry-After` is authoritative when
 * present (seconds or an HTTP date); otherwise exponential backoff with full jitter, so that many
 * parallel workers throttled together do not come back together.
 *
 * @module
 */

/** Status codes worth retrying: throttling and transient server failures. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}

/**
 * Parses a `Retry-After` header into milliseconds from `nowMs`. Accepts delay-seconds and the
 * HTTP-date forms that `Date.parse` understands; returns `undefined` for absent or malformed
 * values (the caller then falls back to backoff). Negative delays become 0.
 */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined) return undefined;
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Math.round(Number(t) * 1000);
  if (!/[a-z]/i.test(t)) return undefined;
  const at = Date.parse(t);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

export interface BackoffOptions {
  /** First retry waits up to this long (ms). */
  readonly baseMs: number;
  /** No wait is longer than this (ms). Also caps a server's `Retry-After`. */
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 60_000 };

/**
 * Delay before retry number `attempt` (1 = the first retry): full jitter over an exponentially
 * growing window, `random` injectable for tests.
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const window = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(window / 2 + (random() * window) / 2);
}
