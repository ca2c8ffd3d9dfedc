/**
 * One Microsoft Graph request with retries, for every Graph retrieval (audit log queries and
 * their records, sign-ins). Every attempt, failed or not, is reported to `onAttempt` so the
 * acquisition ledger shows each 429, 5xx, reset and cut-short body; nothing is retried silently.
 * Throttling and transient failures wait for `Retry-After` (else jittered exponential backoff);
 * a 401 is retried once after asking the credential provider to drop its cached token (a token
 * that expired mid-run); other 4xx are thrown at once with the server's own message. A request
 * that must not take effect twice (creating an audit query) can ask, before it is retried after
 * an attempt of unknown outcome, whether that attempt acted (`reconcile`).
 *
 * @module
 */
import { SourceError } from '../../errors.js';
import { TransportError, type HttpClient, type HttpResponse } from '../_http/client.js';
import type { CredentialProvider } from '../_http/credentials.js';
import {
  backoffDelay,
  isRetryableStatus,
  parseRetryAfter,
  type BackoffOptions,
} from '../_http/retry-policy.js';
import { describeGraphFailure, graphFatalError } from './graph-errors.js';
import { requestPathOf } from './next-link.js';
import { abortableSleep } from '../_http/sleep.js';

export { abortableSleep };

/** The longest Retry-After waited in place (15 minutes). */
const MAX_RETRY_AFTER_MS = 15 * 60_000;
/** What the ledger records of one attempt. Never contains a credential or a host name. */
export interface GraphAttempt {
  readonly time: string;
  /** The slice (or other unit of work) the request belongs to. */
  readonly slice: string;
  readonly method: 'GET' | 'POST';
  readonly request: string;
  readonly attempt: number;
  readonly status: number | null;
  readonly records: number | null;
  readonly durationMs: number;
  readonly requestId?: string;
  readonly error?: string;
  readonly waitMs?: number;
}

export interface GraphContext {
  readonly client: HttpClient;
  readonly credentials: CredentialProvider;
  readonly maxAttempts: number;
  readonly backoff: BackoffOptions;
  readonly signal?: AbortSignal;
  readonly onAttempt?: (a: GraphAttempt) => void;
  /** Injected for tests; defaults to a timer honouring the signal. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** How the caller judges a success body: accepted (with a record count for the ledger) or retried. */
export type BodyVerdict<T> = { readonly ok: T; readonly records?: number } | { readonly retry: string };

export interface GraphRequest<T> {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  /** JSON body of a POST. */
  readonly json?: unknown;
  readonly slice: string;
  /** What is being asked, for error messages (`the audit query of slice u000-w0001`). */
  readonly what: string;
  /** Judges a 2xx response; a cut-short or foreign body must be answered with `retry`. */
  readonly accept: (res: HttpResponse) => Promise<BodyVerdict<T>>;
  /**
   * For a request that must not take effect twice (creating an audit query): called before each
   * retry that follows an attempt whose effect is unknown — no complete answer (a timeout, a
   * reset, a cut-short or unreadable body; a refused connection never reached the service) or a
   * 5xx, which may come after the service acted. It asks the service what that attempt did; the
   * value it finds (with the response it came from) ends the request without sending it again.
   */
  readonly reconcile?: () => Promise<{ value: T; response: HttpResponse } | undefined>;
}

/** What {@link graphSend} got: the value, its response, and whether `reconcile` found it. */
export interface GraphSent<T> {
  readonly value: T;
  readonly response: HttpResponse;
  readonly attempts: number;
  readonly reconciled: boolean;
}

export async function graphSend<T>(ctx: GraphContext, req: GraphRequest<T>): Promise<GraphSent<T>> {
  const path = requestPathOf(req.url);
  const sleep = ctx.sleep ?? abortableSleep;
  const body = req.json === undefined ? undefined : JSON.stringify(req.json);
  let refreshedAfter401 = false;
  // Whether the last attempt may have taken effect although no success came back.
  let uncertain = false;
  for (let attempt = 1; ; attempt++) {
    ctx.signal?.throwIfAborted();
    if (uncertain && req.reconcile) {
      const found = await req.reconcile();
      if (found) return { ...found, attempts: attempt - 1, reconciled: true };
    }
    uncertain = false;
    const headers: Record<string, string> = {
      Authorization: await ctx.credentials.authorization(),
      Accept: 'application/json',
      'User-Agent': 'mailtrail',
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    };
    const time = new Date().toISOString();
    let status: number | null = null;
    let durationMs = 0;
    let requestId: string | undefined;
    const record = (outcome: { records?: number; error?: string; waitMs?: number }) =>
      ctx.onAttempt?.({
        time,
        slice: req.slice,
        method: req.method,
        request: path,
        attempt,
        status,
        records: null,
        durationMs: Math.round(durationMs),
        ...(requestId !== undefined ? { requestId } : {}),
        ...outcome,
      });
    let failure: string;
    let retryAfterMs: number | undefined;
    try {
      const res = await ctx.client.send(req.method, req.url, headers, body, ctx.signal);
      status = res.status;
      durationMs = res.durationMs;
      const rid = res.headers['request-id'];
      if (typeof rid === 'string') requestId = rid;
      if (res.status >= 200 && res.status < 300) {
        const verdict = await req.accept(res);
        if ('ok' in verdict) {
          record(verdict.records !== undefined ? { records: verdict.records } : {});
          return { value: verdict.ok, response: res, attempts: attempt, reconciled: false };
        }
        failure = verdict.retry;
        uncertain = true;
      } else if (isRetryableStatus(res.status)) {
        failure = describeGraphFailure(res.status, res.body);
        uncertain = res.status >= 500;
        retryAfterMs = parseRetryAfter(res.headers['retry-after'], Date.now());
      } else if (res.status === 401 && !refreshedAfter401 && ctx.credentials.invalidate) {
        // A token that expired during a long run: a refreshing provider gets one chance.
        refreshedAfter401 = true;
        ctx.credentials.invalidate();
        failure = describeGraphFailure(res.status, res.body);
        retryAfterMs = 0;
      } else {
        record({ error: 'not retryable' });
        throw graphFatalError(res.status, res.body, req.what, path);
      }
    } catch (err) {
      if (err instanceof SourceError) throw err;
      if (!(err instanceof TransportError) || err.kind === 'aborted') throw err;
      failure = err.message;
      uncertain = (err.cause as { code?: unknown } | undefined)?.code !== 'ECONNREFUSED';
    }
    if (attempt >= ctx.maxAttempts) {
      record({ error: failure });
      throw new SourceError(`[graph] gave up on ${req.what} after ${attempt} attempts: ${failure}`, {
        ...(status !== null ? { status } : {}),
        url: path,
      });
    }
    // The service's Retry-After is waited in full (retrying sooner only burns attempts against the
    // same limit); only our own backoff is capped. A wait beyond MAX_RETRY_AFTER_MS ends the slice
    // with the reason, for --resume later, rather than holding the run for hours.
    if (retryAfterMs !== undefined && retryAfterMs > MAX_RETRY_AFTER_MS) {
      record({ error: failure, waitMs: retryAfterMs });
      throw new SourceError(
        `[graph] ${req.what}: the service asked to wait ${Math.round(retryAfterMs / 1000)} s (Retry-After); the slice is left for --resume`,
        { ...(status !== null ? { status } : {}), url: path },
      );
    }
    const waitMs = retryAfterMs ?? Math.min(backoffDelay(attempt, ctx.backoff), ctx.backoff.maxMs);
    record({ error: failure, waitMs });
    await sleep(waitMs, ctx.signal);
  }
}

/** A JSON object body, or the reason it is not one (a cut-short body is retried). */
export function jsonObjectBody(body: Buffer): { ok: Record<string, unknown> } | { retry: string } {
  try {
    const v = JSON.parse(body.toString('utf8')) as unknown;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) return { ok: v as Record<string, unknown> };
    return { retry: 'response body is not a JSON object' };
  } catch (err) {
    return { retry: `response body is not complete JSON (${(err as Error).message})` };
  }
}
