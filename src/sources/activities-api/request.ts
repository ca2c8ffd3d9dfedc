/**
 * One Activities API page request with retries. Every attempt, failed or not, is reported to
 * `onAttempt` so the acquisition ledger records each 429, 5xx and dropped connection; nothing is
 * retried silently. Errors that retrying cannot fix (401, 403, 400) are thrown at once as
 * `SourceError`s carrying the server's own explanation.
 *
 * @module
 */
import { SourceError } from '../../errors.js';
import { TransportError, type HttpClient } from '../_http/client.js';
import type { CredentialProvider } from '../_http/credentials.js';
import {
  backoffDelay,
  isRetryableStatus,
  parseRetryAfter,
  type BackoffOptions,
} from '../_http/retry-policy.js';
import { requestPath } from './query.js';
import { diagnosticsReason, odataError, pageRecords } from './responses.js';
import { abortableSleep } from '../_http/sleep.js';

/** What the ledger records of one attempt. Never contains a credential. */
export interface AttemptRecord {
  readonly time: string;
  readonly mailbox: string;
  readonly request: string;
  readonly attempt: number;
  readonly status: number | null;
  readonly records: number | null;
  readonly durationMs: number;
  readonly error?: string;
  readonly waitMs?: number;
}

export interface RequestContext {
  readonly client: HttpClient;
  readonly credentials: CredentialProvider;
  readonly maxAttempts: number;
  readonly backoff: BackoffOptions;
  readonly signal?: AbortSignal;
  readonly onAttempt?: (a: AttemptRecord) => void;
  /** Injected for tests; defaults to setTimeout-based sleep honouring the signal. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /**
   * Checks and summarises a success body. The default parses it here; a retrieval passes one
   * that runs in worker threads and also compresses and hashes the page for the evidence.
   */
  readonly parse?: (body: Buffer) => Promise<ParsedPage>;
}

/** What a success body holds, or why it is not a usable page (then the request is retried). */
export type ParsedPage =
  | {
      readonly count: number;
      /** `Id`s of the records that carry one, in order. */
      readonly ids: readonly string[];
      readonly firstTimeStamp: string | null;
      /** Whatever else the parser produced (compressed evidence, hashes), passed through. */
      readonly extra?: unknown;
    }
  | { readonly invalid: string };

export interface Page {
  readonly url: string;
  readonly body: Buffer;
  readonly count: number;
  readonly ids: readonly string[];
  readonly firstTimeStamp: string | null;
  readonly extra?: unknown;
  readonly attempts: number;
}

/** The default page parser: in this thread, nothing beyond counting and ids. */
export async function parsePageHere(body: Buffer): Promise<ParsedPage> {
  const parsed = pageRecords(body);
  if ('invalid' in parsed) return parsed;
  const ids: string[] = [];
  for (const r of parsed.records) {
    const id = (r as { Id?: unknown } | null)?.Id;
    if (typeof id === 'string') ids.push(id);
  }
  const first = parsed.records[0] as { TimeStamp?: unknown } | undefined;
  return {
    count: parsed.records.length,
    ids,
    firstTimeStamp: typeof first?.TimeStamp === 'string' ? first.TimeStamp : null,
  };
}

/** The 2018 request headers; `Accept` asks for no OData metadata, as the CrowdStrike tool did. */
export async function activitiesHeaders(credentials: CredentialProvider): Promise<Record<string, string>> {
  return {
    Authorization: await credentials.authorization(),
    Prefer: 'exchange.behavior="ActivityAccess"',
    Accept: 'application/json; odata.metadata=none',
    'User-Agent': 'mailtrail',
  };
}

export async function requestPage(ctx: RequestContext, mailbox: string, url: string): Promise<Page> {
  const path = requestPath(url);
  const sleep = ctx.sleep ?? abortableSleep;
  for (let attempt = 1; ; attempt++) {
    ctx.signal?.throwIfAborted();
    const headers = await activitiesHeaders(ctx.credentials);
    const time = new Date().toISOString();
    let failure: string;
    let retryAfterMs: number | undefined;
    let status: number | null = null;
    let durationMs = 0;
    // Every attempt goes to the ledger, whatever its outcome.
    const record = (outcome: { records?: number; error?: string; waitMs?: number }) =>
      ctx.onAttempt?.({
        time,
        mailbox,
        request: path,
        attempt,
        status,
        records: null,
        durationMs,
        ...outcome,
      });
    try {
      const res = await ctx.client.get(url, headers, ctx.signal);
      status = res.status;
      durationMs = res.durationMs;
      if (res.status >= 200 && res.status < 300) {
        const parsed = await (ctx.parse ?? parsePageHere)(res.body);
        if (!('invalid' in parsed)) {
          record({ records: parsed.count });
          return { url, body: res.body, ...parsed, attempts: attempt };
        }
        failure = parsed.invalid;
      } else if (isRetryableStatus(res.status)) {
        const e = odataError(res.body);
        failure = `HTTP ${res.status}${e.message ? `: ${e.message}` : ''}`;
        retryAfterMs = parseRetryAfter(res.headers['retry-after'], Date.now());
      } else {
        record({ error: 'not retryable' });
        throw fatalError(res.status, res.headers, res.body, mailbox, path);
      }
    } catch (err) {
      if (err instanceof SourceError) throw err;
      if (err instanceof TransportError && err.kind === 'aborted') throw err;
      if (!(err instanceof TransportError)) throw err;
      failure = err.message;
    }
    if (attempt >= ctx.maxAttempts) {
      record({ error: failure });
      throw new SourceError(
        `[activities-api] gave up after ${attempt} attempts for mailbox ${mailbox}: ${failure}`,
        {
          ...(status !== null ? { status } : {}),
          url: path,
        },
      );
    }
    const waitMs = Math.min(retryAfterMs ?? backoffDelay(attempt, ctx.backoff), ctx.backoff.maxMs);
    record({ error: failure, waitMs });
    await sleep(waitMs, ctx.signal);
  }
}

// --- Internal helpers ---

function fatalError(
  status: number,
  headers: Readonly<Record<string, string | string[] | undefined>>,
  body: Buffer,
  mailbox: string,
  path: string,
): SourceError {
  const e = odataError(body);
  let message: string;
  if (status === 401) {
    const reason =
      diagnosticsReason(headers['x-ms-diagnostics']) ?? e.message ?? 'no reason given by the server';
    message = `[activities-api] 401 Unauthorized: ${reason} (check the token or credentials)`;
  } else if (status === 403) {
    message = `[activities-api] 403 Forbidden: access to mailbox ${mailbox} was refused${e.message ? `: ${e.message}` : ''}${e.code ? ` (${e.code})` : ''}`;
  } else {
    const what = e.message ?? (body.length > 0 ? body.toString('utf8').slice(0, 300) : 'no message');
    message = `[activities-api] HTTP ${status} for mailbox ${mailbox}: ${what}${e.code ? ` (${e.code})` : ''}`;
  }
  return new SourceError(message, { status, url: path });
}
