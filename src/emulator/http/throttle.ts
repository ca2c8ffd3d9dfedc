/**
 * Outlook REST throttling (activities-api.md §5, S17): a fixed number of requests per window per
 * caller and mailbox, `Rate-Limit-Limit/Remaining/Reset` on every response, and 429 with
 * `Retry-After` (seconds) and `Rate-Limit-Reason` beyond the limit. S17's production limit was
 * 10,000 requests per 10 minutes; the emulator takes any limit so tests can hit it quickly.
 *
 * @module
 */

export interface ThrottleOptions {
  /** Requests allowed per window and key. */
  readonly limit: number;
  /** Window length in seconds (fixed windows starting at a key's first request). */
  readonly windowSeconds: number;
}

export interface ThrottleVerdict {
  readonly allowed: boolean;
  readonly limit: number;
  readonly windowSeconds: number;
  readonly remaining: number;
  /** When the current window ends (epoch ms). */
  readonly resetAt: number;
  /** Whole seconds until the window ends, at least 1. */
  readonly retryAfterSeconds: number;
}

export class Throttle {
  private readonly windows = new Map<string, { start: number; count: number }>();
  constructor(
    private readonly options: ThrottleOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request for `key` (principal + mailbox) and says whether it may proceed. */
  check(key: string): ThrottleVerdict {
    const now = this.now();
    const windowMs = this.options.windowSeconds * 1000;
    let w = this.windows.get(key);
    if (!w || now - w.start >= windowMs) {
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    w.count++;
    const resetAt = w.start + windowMs;
    return {
      allowed: w.count <= this.options.limit,
      limit: this.options.limit,
      windowSeconds: this.options.windowSeconds,
      remaining: Math.max(0, this.options.limit - w.count),
      resetAt,
      retryAfterSeconds: Math.max(1, Math.ceil((resetAt - now) / 1000)),
    };
  }
}
