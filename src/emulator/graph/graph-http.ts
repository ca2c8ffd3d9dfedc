/**
 * What the emulator's Graph handlers share: their context, Graph errors as exceptions, `$top`
 * parsing, opaque `$skiptoken`s, absolute `@odata.nextLink`s on the host the client used, and
 * the last step of every successful answer, where the request's fault plan (500/503 or a reset
 * mid-body) and throttling (429 + Retry-After) apply.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { hashString } from '../prng.js';
import type { EmulatorStats } from '../http/activities-handler.js';
import type { FaultDecision } from '../http/faults.js';
import { GRAPH_JSON, respondGraphError, type GraphAuthContext } from '../http/graph-common.js';
import { respondBody } from '../http/respond.js';
import type { Throttle } from '../http/throttle.js';

export interface GraphContext extends GraphAuthContext {
  readonly throttle: Throttle | null;
  readonly stats: EmulatorStats;
}

/** A Graph error answer thrown by a handler and sent by {@link answerGraph}. */
export class GraphHttpError extends Error {
  override name = 'GraphHttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string) => new GraphHttpError(400, 'BadRequest', message);

/** The query options of a URL (decoded; `%24top` is `$top`). */
export function queryOptions(url: string | undefined): URLSearchParams {
  const raw = url ?? '/';
  const q = raw.indexOf('?');
  return new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
}

/** `$top`: a whole number 1…max, else a 400 ([U] for the records page maximum); `fallback` when absent. */
export function parseTop(params: URLSearchParams, max: number, fallback: number): number {
  const v = params.get('$top');
  if (v === null) return fallback;
  if (!/^\d+$/.test(v.trim()) || Number(v) < 1 || Number(v) > max)
    throw badRequest(
      `Invalid value '${v}' for query option '$top': expected a whole number from 1 to ${max}.`,
    );
  return Number(v);
}

/** An opaque `$skiptoken` for `offset` within `scope` (a query id, a filter). */
export function encodeSkipToken(scope: string, offset: number): string {
  const check = hashString(`${scope}|${offset}`).toString(36);
  return Buffer.from(`${offset}.${check}`, 'utf8').toString('base64url');
}

/** The offset of a `$skiptoken` made by {@link encodeSkipToken} for `scope`, else a 400. */
export function decodeSkipToken(scope: string, token: string | null): number {
  if (token === null) return 0;
  const m = /^(\d+)\.([0-9a-z]+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!m || hashString(`${scope}|${m[1]}`).toString(36) !== m[2])
    throw badRequest(
      "The '$skiptoken' is not valid for this request; follow @odata.nextLink exactly as it was returned.",
    );
  return Number(m[1]);
}

/** The request's URL with `$skiptoken` replaced, absolute on the host and scheme the client used. */
export function nextLinkFor(req: IncomingMessage, params: URLSearchParams, token: string): string {
  const kept = new URLSearchParams();
  for (const [k, v] of params) if (k !== '$skiptoken') kept.append(k, v);
  kept.set('$skiptoken', token);
  const path = (req.url ?? '/').split('?')[0] as string;
  const scheme = (req.socket as TLSSocket).encrypted ? 'https' : 'http';
  const host = req.headers.host ?? `${req.socket.localAddress}:${req.socket.localPort}`;
  return `${scheme}://${host}${path}?${kept.toString().replace(/%24/g, '$')}`;
}

/** Counts one request against the caller's throttling window; throws the 429 beyond it. */
export function throttleGraph(ctx: GraphContext, key: string): void {
  if (!ctx.throttle) return;
  const verdict = ctx.throttle.check(key);
  if (verdict.allowed) return;
  ctx.stats.faults.throttled++;
  throw new GraphHttpError(
    429,
    'TooManyRequests',
    `Too many requests: the limit of ${verdict.limit} requests per ${verdict.windowSeconds} seconds was reached. Retry after the time in Retry-After.`,
    { 'Retry-After': String(verdict.retryAfterSeconds) },
  );
}

/**
 * Sends a successful answer (a value, or a body already serialized) unless the fault plan says
 * otherwise: an injected 500/503 replaces it, an injected reset cuts it mid-body.
 */
export function answerGraph(
  ctx: GraphContext,
  req: IncomingMessage,
  res: ServerResponse,
  decision: FaultDecision,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
  records = 0,
): void {
  const body = Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value));
  if (decision.fail !== null) {
    ctx.stats.faults.failed++;
    if (decision.fail === 500)
      respondGraphError(
        req,
        res,
        500,
        'InternalServerError',
        'An internal server error occurred. (injected fault)',
      );
    else
      respondGraphError(
        req,
        res,
        503,
        'ServiceUnavailable',
        'The service is temporarily unavailable. (injected fault)',
        {
          'Retry-After': '1',
        },
      );
    return;
  }
  if (decision.reset) ctx.stats.faults.reset++;
  ctx.stats.recordsServed += records;
  respondBody(
    res,
    status,
    { 'Content-Type': GRAPH_JSON, ...headers },
    body,
    decision.reset ? decision.cutAt : null,
  );
}

/** Runs a handler body, turning a thrown {@link GraphHttpError} into its Graph error answer. */
export async function withGraphErrors(
  req: IncomingMessage,
  res: ServerResponse,
  body: () => void | Promise<void>,
): Promise<void> {
  try {
    await body();
  } catch (err) {
    if (!(err instanceof GraphHttpError)) throw err;
    respondGraphError(req, res, err.status, err.code, err.message, err.headers);
  }
}
