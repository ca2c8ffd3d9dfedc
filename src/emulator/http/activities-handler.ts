/**
 * Answers one HTTP request the way the 2018 Activities endpoint did, as far as it is known.
 * Checks run in the order a real front end would apply them: authentication (401), route (404),
 * method (405), the `Prefer` behaviour flag (400), routing hint (400), mailbox rights (403),
 * throttling (429), query options (400); then injected faults, then the page.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ODataError } from '../odata/odata-error.js';
import { parseActivitiesQuery, type QueryDefaults } from '../odata/query-options.js';
import type { MailboxStore } from '../store/mailbox-store.js';
import { planQuery } from '../store/query-plan.js';
import { selectPage } from '../store/select-page.js';
import { AuthFailure, principalOfIssued, type Authenticator } from './credentials.js';
import type { IssuedTokens } from './issued-tokens.js';
import type { FaultDecision, FaultInjector } from './faults.js';
import { respondBody, respondError, JSON_TYPE } from './respond.js';
import { matchActivitiesRoute } from './route.js';
import type { Throttle } from './throttle.js';

/** Counters exposed by `stats()`. */
export interface EmulatorStats {
  requests: number;
  byStatus: Record<string, number>;
  recordsServed: number;
  faults: { delayed: number; failed: number; reset: number; throttled: number };
  internalErrors: number;
}

export interface HandlerContext {
  readonly stores: ReadonlyMap<string, MailboxStore>;
  readonly auth: Authenticator;
  /** Tokens of the emulator's identity provider, accepted for the Outlook audience. */
  readonly tokens?: IssuedTokens;
  readonly faults: FaultInjector;
  readonly throttle: Throttle | null;
  readonly defaults: QueryDefaults;
  readonly nextLink: boolean;
  readonly stats: EmulatorStats;
}

const UNAUTHORIZED_CHALLENGES = ['Bearer realm="",error="invalid_token"', 'Basic Realm=""'];

/** True when a `Prefer` header carries `exchange.behavior="…ActivityAccess…"` (§1.2). */
export function prefersActivityAccess(header: string | string[] | undefined): boolean {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  for (const m of text.matchAll(/exchange\.behavior\s*=\s*(?:"([^"]*)"|([^,;\s]*))/gi)) {
    const flags = (m[1] ?? m[2] ?? '').split(',').map((f) => f.trim().toLowerCase());
    if (flags.includes('activityaccess')) return true;
  }
  return false;
}

/** Handles a request; `decision` is the fault plan for it (latency already waited for). */
export function handleActivities(
  ctx: HandlerContext,
  req: IncomingMessage,
  res: ServerResponse,
  decision: FaultDecision,
): void {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const rawPath = q < 0 ? url : url.slice(0, q);
  const rawQuery = q < 0 ? '' : url.slice(q + 1);
  let rateHeaders: Record<string, string> = {};
  try {
    const bearer = /^\s*bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
    const issued = bearer !== undefined ? ctx.tokens?.verify(bearer) : undefined;
    const principal = issued ? principalOfIssued(issued) : ctx.auth.authenticate(req.headers.authorization);
    if (principal instanceof AuthFailure) {
      throw new ODataError(401, 'InvalidAuthenticationToken', principal.reason, {
        'WWW-Authenticate': UNAUTHORIZED_CHALLENGES,
        'x-ms-diagnostics': `2000001;reason="${principal.reason}";error_category="invalid_token"`,
      });
    }
    const route = matchActivitiesRoute(rawPath);
    if (req.method !== 'GET') {
      throw new ODataError(
        405,
        'ErrorInvalidRequest',
        `The HTTP method '${req.method}' is not allowed on the segment '${route.collection}'; use GET.`,
        { Allow: 'GET' },
      );
    }
    if (!prefersActivityAccess(req.headers.prefer)) {
      throw new ODataError(
        400,
        'RequestBroker-ParseUri',
        `Resource not found for the segment '${route.collection}'.`,
      );
    }
    if (route.mailbox === null && principal.user === '')
      throw new ODataError(
        400,
        'ErrorInvalidUser',
        "An app-only token has no signed-in user: name the mailbox (Users('upn')) instead of 'me'.",
      );
    const target = (route.mailbox ?? principal.user).toLowerCase();
    const anchorHeader = req.headers['x-anchormailbox'];
    const anchor = (Array.isArray(anchorHeader) ? anchorHeader[0] : anchorHeader)?.trim();
    if (
      anchor !== undefined &&
      anchor !== '' &&
      anchor.replace(/^(upn|smtp):/i, '').toLowerCase() !== target
    ) {
      throw new ODataError(
        400,
        'ErrorIncorrectRoutingHint',
        `The x-anchor mailbox '${anchor}' does not match the target of the request.`,
      );
    }
    if (principal.mailboxes !== 'all' && !principal.mailboxes.has(target)) {
      throw new ODataError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
    }
    const store = ctx.stores.get(target);
    if (!store)
      throw new ODataError(
        404,
        'ErrorNonExistentMailbox',
        `The SMTP address '${target}' has no mailbox associated with it.`,
      );
    if (ctx.throttle) {
      const verdict = ctx.throttle.check(`${principal.id}\u0000${target}`);
      rateHeaders = {
        'Rate-Limit-Limit': String(verdict.limit),
        'Rate-Limit-Remaining': String(verdict.remaining),
        'Rate-Limit-Reset': new Date(verdict.resetAt).toISOString(),
      };
      if (!verdict.allowed) {
        ctx.stats.faults.throttled++;
        throw new ODataError(
          429,
          'ApplicationThrottled',
          'Application is over its MailboxConcurrency or request limit. Retry after the time in Retry-After.',
          {
            ...rateHeaders,
            'Retry-After': String(verdict.retryAfterSeconds),
            'Rate-Limit-Reason': `Request limit of ${verdict.limit} per ${verdict.windowSeconds} seconds exceeded for this caller and mailbox.`,
          },
        );
      }
    }
    const query = parseActivitiesQuery(rawQuery, ctx.defaults);
    if (decision.fail !== null) {
      ctx.stats.faults.failed++;
      throw decision.fail === 500
        ? new ODataError(
            500,
            'ErrorInternalServerError',
            'An internal server error occurred. The operation failed. (injected fault)',
          )
        : new ODataError(
            503,
            'ErrorServiceUnavailable',
            'The service is temporarily unavailable. Try again later. (injected fault)',
            { 'Retry-After': '1' },
          );
    }
    const plan = planQuery(store, query.filter);
    const page = selectPage(store, plan, query.filter, query);
    const parts: Buffer[] = [Buffer.from('{"value":[')];
    page.positions.forEach((pos, i) => {
      if (i > 0) parts.push(Buffer.from(','));
      parts.push(
        query.select ? Buffer.from(project(store.recordJson(pos), query.select)) : store.recordJson(pos),
      );
    });
    const link =
      ctx.nextLink && page.more
        ? nextLinkFor(req, rawPath, rawQuery, query.skip + page.positions.length)
        : null;
    parts.push(Buffer.from(link ? `],"@odata.nextLink":${JSON.stringify(link)}}` : ']}'));
    ctx.stats.recordsServed += page.positions.length;
    if (decision.reset) ctx.stats.faults.reset++;
    respondBody(
      res,
      200,
      { 'Content-Type': JSON_TYPE, ...rateHeaders },
      Buffer.concat(parts),
      decision.reset ? decision.cutAt : null,
    );
  } catch (err) {
    if (!(err instanceof ODataError)) throw err;
    respondError(res, err, rateHeaders);
  }
}

/** Re-serializes a stored record with only the selected properties, in `$select` order. */
function project(json: Buffer, select: readonly string[]): string {
  const record = JSON.parse(json.toString('utf8')) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const name of select) out[name] = record[name] ?? null;
  return JSON.stringify(out);
}

/** The same request with `$skip` advanced, as an absolute URL on the host the client used. */
function nextLinkFor(req: IncomingMessage, rawPath: string, rawQuery: string, skip: number): string {
  const kept = rawQuery.split('&').filter((p) => p !== '' && !/^(\$|%24)skip(=|$)/i.test(p));
  const host = req.headers.host ?? `${req.socket.localAddress}:${req.socket.localPort}`;
  return `${(req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http'}://${host}${rawPath}?${[...kept, `%24skip=${skip}`].join('&')}`;
}
