/**
 * `GET /{v1.0|beta}/auditLogs/signIns` (ual-formats.md §4.1): sign-ins newest first, pages of
 * `$top` (1…1000, default 1000), `@odata.nextLink` with an opaque `$skiptoken` while more match,
 * `$filter` on createdDateTime, userPrincipalName and (beta) `signInEventTypes/any(…)` (see
 * signin-filter.ts). As the service does, only interactive sign-ins are returned unless an
 * event-type filter asks for others. beta records carry `sessionId`, `uniqueTokenIdentifier`,
 * `userAgent` and the other beta properties; v1.0 records do not. Needs `AuditLog.Read.All`
 * (the emulator's static bearer tokens are trusted with it).
 *
 * @module
 */
import { authorizeGraph } from '../http/graph-common.js';
import type { EmulatorRoute } from '../http/emulator-route.js';
import {
  answerGraph,
  badRequest,
  decodeSkipToken,
  encodeSkipToken,
  GraphHttpError,
  nextLinkFor,
  parseTop,
  queryOptions,
  throttleGraph,
  withGraphErrors,
  type GraphContext,
} from './graph-http.js';
import { matchesEventTypes } from './signin-event-types.js';
import { parseSignInFilter, type SignInFilter } from './signin-filter.js';
import type { SignInStore } from './signin-store.js';

export const SIGNIN_PERMISSIONS = ['AuditLog.Read.All'] as const;
/** Paths the sign-in route answers (everything under auditLogs; only signIns exists). */
export const SIGNINS_ROOT = /^\/(v1\.0|beta)\/auditlogs(\/|$)/i;
const PATH = /^\/(v1\.0|beta)\/auditlogs\/signins\/?$/i;
const MAX_TOP = 1000;

/** The positions [from, to) inside the time bounds of `f`. */
function range(store: SignInStore, f: SignInFilter | null): [number, number] {
  let from = 0;
  let to = store.size;
  // Newest first: "before" bounds where the list starts, "after" where it ends.
  if (f?.before) from = store.bound(-f.before.ms, f.before.strict);
  if (f?.after) to = store.bound(-f.after.ms, !f.after.strict);
  return [from, Math.max(from, to)];
}

export function signInsRoute(ctx: GraphContext, store: SignInStore): EmulatorRoute {
  return {
    name: 'graph-signins',
    matches: (pathname) => SIGNINS_ROOT.test(pathname),
    handle: (req, res, decision) =>
      withGraphErrors(req, res, () => {
        const caller = authorizeGraph(ctx, req, res, SIGNIN_PERMISSIONS);
        if (!caller) return;
        throttleGraph(ctx, `${caller.id}\u0000graph-signins`);
        const path = (req.url ?? '/').split('?')[0] as string;
        const m = PATH.exec(path);
        if (!m)
          throw badRequest(
            `Resource not found for the segment '${path.split('/').filter(Boolean).slice(2).join('/') || 'auditLogs'}'.`,
          );
        if (req.method !== 'GET')
          throw new GraphHttpError(
            405,
            'MethodNotAllowed',
            `The HTTP method '${req.method}' is not allowed here; use GET.`,
            { Allow: 'GET' },
          );
        const version = (m[1] as string).toLowerCase() === 'beta' ? 'beta' : 'v1.0';
        const params = queryOptions(req.url);
        for (const unsupported of ['$orderby', '$search', '$expand', '$skip'])
          if (params.has(unsupported))
            throw badRequest(`The query option '${unsupported}' is not supported on signIns.`);
        const top = parseTop(params, MAX_TOP, MAX_TOP);
        const filterText = params.get('$filter');
        const filter = parseSignInFilter(filterText, version);
        const scope = `signins|${filterText ?? ''}`;
        const [from, to] = range(store, filter);
        const start = Math.max(from, decodeSkipToken(scope, params.get('$skiptoken')));
        const distinct = new Set(filter?.upns ?? []);
        const wanted = distinct.size === 1 ? [...distinct][0] : null;
        const eventTypes = filter?.eventTypes ?? [];
        const matches = (p: number) =>
          (distinct.size === 0 || (distinct.size === 1 && store.upn[p] === wanted)) &&
          matchesEventTypes(store.types[p] as number, eventTypes);
        const page: number[] = [];
        let p = start;
        for (; p < to && page.length < top; p++) if (matches(p)) page.push(p);
        while (p < to && !matches(p)) p++;
        const scheme = (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
        const context = `${scheme}://${req.headers.host ?? 'localhost'}/${version}/$metadata#auditLogs/signIns`;
        const parts: Buffer[] = [Buffer.from(`{"@odata.context":${JSON.stringify(context)},"value":[`)];
        page.forEach((pos, i) => {
          if (i > 0) parts.push(Buffer.from(','));
          parts.push(store.json(pos, version));
        });
        const link = p < to ? nextLinkFor(req, params, encodeSkipToken(scope, p)) : null;
        parts.push(Buffer.from(link ? `],"@odata.nextLink":${JSON.stringify(link)}}` : ']}'));
        answerGraph(ctx, req, res, decision, 200, Buffer.concat(parts), {}, page.length);
      }),
  };
}
