/**
 * Injected faults: latency, 500/503 failures and connections reset mid-body, decided by a seeded
 * PRNG so a test can predict them. A decision depends on (fault seed, request URL, how many
 * times that URL was requested before), not on arrival order: concurrent clients see the same
 * faults run after run, and a client that retries a URL eventually gets through.
 *
 * Failures and resets only hit requests that would otherwise succeed, so a 400 stays a 400 and a
 * fault never changes which records a successful response holds.
 *
 * @module
 */
import { Rng, hashString } from '../prng.js';

export interface FaultOptions {
  /** Seed of the fault decisions (the CLI defaults it to `--seed`). */
  readonly seed?: number;
  /** Delay added to every response, in milliseconds. */
  readonly latencyMs?: number;
  /** Extra uniformly random delay of 0…jitter ms on top of `latencyMs`. */
  readonly latencyJitterMs?: number;
  /** Probability that a successful response becomes a 500 or 503. */
  readonly failRate?: number;
  /** Probability that a successful response is cut off: headers and part of the body, then a reset. */
  readonly resetRate?: number;
}

export interface FaultDecision {
  readonly delayMs: number;
  readonly fail: 500 | 503 | null;
  readonly reset: boolean;
  /** Fraction (0–1) of the body written before a reset. */
  readonly cutAt: number;
}

/** Remembers how often each URL was seen; forgets everything past this many URLs. */
const MAX_TRACKED_URLS = 200_000;

export class FaultInjector {
  private readonly attempts = new Map<string, number>();
  constructor(private readonly options: FaultOptions) {}

  /** Whether any fault can happen at all (skips the bookkeeping otherwise). */
  get active(): boolean {
    const o = this.options;
    return (
      (o.latencyMs ?? 0) > 0 ||
      (o.latencyJitterMs ?? 0) > 0 ||
      (o.failRate ?? 0) > 0 ||
      (o.resetRate ?? 0) > 0
    );
  }

  decide(url: string): FaultDecision {
    if (!this.active) return { delayMs: 0, fail: null, reset: false, cutAt: 0 };
    const attempt = this.attempts.get(url) ?? 0;
    if (this.attempts.size >= MAX_TRACKED_URLS) this.attempts.clear();
    this.attempts.set(url, attempt + 1);
    const rng = new Rng(hashString(`${url}\u0000${attempt}`, (this.options.seed ?? 1) >>> 0));
    const o = this.options;
    const delayMs = (o.latencyMs ?? 0) + (o.latencyJitterMs ? rng.next() * o.latencyJitterMs : 0);
    const failRoll = rng.next();
    const failKind = rng.next() < 0.5 ? 500 : 503;
    const resetRoll = rng.next();
    const cutAt = 0.1 + rng.next() * 0.8;
    const fail = failRoll < (o.failRate ?? 0) ? failKind : null;
    return {
      delayMs: Math.round(delayMs),
      fail,
      reset: fail === null && resetRoll < (o.resetRate ?? 0),
      cutAt,
    };
  }
}
