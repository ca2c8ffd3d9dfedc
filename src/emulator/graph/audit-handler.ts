/**
 * The Microsoft Graph audit log query API (ual-formats.md §2.2), v1.0 and beta alike:
 *
 * - `POST /{v}/security/auditLog/queries` → 201 with the auditLogQuery (`notStarted`) and a
 *   Location header; a bad body is a 400 naming the property.
 * - `GET /{v}/security/auditLog/queries` → the queries, oldest first, `$top` + `$skiptoken`.
 * - `GET /{v}/security/auditLog/queries/{id}` → the query; each GET is a poll that advances it.
 * - `GET /{v}/security/auditLog/queries/{id}/records` → pages of auditLogRecords in
 *   (createdDateTime, id) order, `$top` (≤ 1000) and an opaque `$skiptoken` in `@odata.nextLink`.
 *
 * Checks run as Graph's front end would: authorization (401/403), throttling (429), route and
 * method (400/404/405), the request itself (400), then injected faults, then the answer. Query
 * creation has two faults of its own: refused with 403 after a number of queries, and carried
 * out with its answer dropped (the connection closes before any response).
 * Per-workload permissions (`AuditLogsQuery-Exchange.Read.All`, `-Entra.`, …) limit the records
 * a query returns to that workload; `AuditLogsQuery.Read.All` and the emulator's static bearer
 * tokens read everything.
 *
 * @module
 */
import type { IncomingMessage } from 'node:http';
import { authorizeGraph, type GraphCaller } from '../http/graph-common.js';
import type { EmulatorRoute } from '../http/emulator-route.js';
import { parseAuditQueryBody, QueryBodyError } from './audit-query-body.js';
import type { AuditQuery, AuditQueryRegistry } from './audit-queries.js';
import type { AuditStore } from './audit-store.js';
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

export const AUDIT_QUERY_PERMISSIONS = [
  'AuditLogsQuery.Read.All',
  'AuditLogsQuery-Exchange.Read.All',
  'AuditLogsQuery-Entra.Read.All',
  'AuditLogsQuery-SharePoint.Read.All',
  'AuditLogsQuery-OneDrive.Read.All',
  'AuditLogsQuery-Endpoint.Read.All',
  'AuditLogsQuery-CRM.Read.All',
] as const;

/** AuditData `Workload` of each per-workload permission. */
const WORKLOAD_OF: Readonly<Record<string, string>> = {
  'auditlogsquery-exchange.read.all': 'Exchange',
  'auditlogsquery-entra.read.all': 'AzureActiveDirectory',
  'auditlogsquery-sharepoint.read.all': 'SharePoint',
  'auditlogsquery-onedrive.read.all': 'OneDrive',
  'auditlogsquery-endpoint.read.all': 'Endpoint',
  'auditlogsquery-crm.read.all': 'CRM',
};

/** Paths the audit log query route answers. */
export const AUDIT_LOG_PATH = /^\/(v1\.0|beta)\/security\/auditlog(?:\/(.*))?$/i;
const PATH = AUDIT_LOG_PATH;
const MAX_BODY = 1024 * 1024;
const MAX_TOP = 1000;

function segment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw badRequest(`The path segment '${raw}' has malformed percent-encoding.`);
  }
}

/** The workloads a caller may read: null = all. */
export function workloadsOf(caller: GraphCaller): ReadonlySet<string> | null {
  if (caller.kind === 'static') return null;
  const held = [...caller.claims.roles, ...caller.claims.scopes].map((p) => p.toLowerCase());
  if (held.includes('auditlogsquery.read.all')) return null;
  return new Set(held.flatMap((p) => (WORKLOAD_OF[p] ? [WORKLOAD_OF[p] as string] : [])));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY)
      throw new GraphHttpError(413, 'RequestEntityTooLarge', 'The request body is larger than 1 MB.');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function queryJson(q: AuditQuery, registry: AuditQueryRegistry): Record<string, unknown> {
  const f = q.filters;
  return {
    '@odata.type': '#microsoft.graph.security.auditLogQuery',
    id: q.id,
    displayName: f.displayName,
    filterStartDateTime: f.filterStartDateTime,
    filterEndDateTime: f.filterEndDateTime,
    recordTypeFilters: f.recordTypeFilters,
    keywordFilter: f.keywordFilter,
    serviceFilter: f.serviceFilters[0] ?? null,
    serviceFilters: f.serviceFilters,
    operationFilters: f.operationFilters,
    userPrincipalNameFilters: f.userPrincipalNameFilters,
    ipAddressFilters: f.ipAddressFilters,
    objectIdFilters: f.objectIdFilters,
    administrativeUnitIdFilters: f.administrativeUnitIdFilters,
    status: q.status,
    recordCountLimit: registry.recordCountLimit,
    approximateReturnedRecordCount: registry.approximateCount(q),
    isRecordCountLimitExceeded: q.result?.exceeded ?? false,
  };
}

function origin(req: IncomingMessage, version: string): string {
  const scheme = (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
  return `${scheme}://${req.headers.host ?? 'localhost'}/${version}`;
}

/** The route answering `/{v1.0|beta}/security/auditLog/...`. */
export function auditLogRoute(
  ctx: GraphContext,
  store: AuditStore,
  registry: AuditQueryRegistry,
  pageSize: number,
): EmulatorRoute {
  return {
    name: 'graph-audit',
    matches: (pathname) => PATH.test(pathname),
    handle: (req, res, decision) =>
      withGraphErrors(req, res, async () => {
        const caller = authorizeGraph(ctx, req, res, AUDIT_QUERY_PERMISSIONS);
        if (!caller) return;
        throttleGraph(ctx, `${caller.id}\u0000graph-audit`);
        const m = PATH.exec((req.url ?? '/').split('?')[0] as string) as RegExpExecArray;
        const version = (m[1] as string).toLowerCase();
        const segments = (m[2] ?? '')
          .split('/')
          .filter((s) => s !== '')
          .map(segment);
        const [collection = '', id, nav, ...extra] = segments;
        const unknown =
          collection.toLowerCase() !== 'queries'
            ? collection || 'auditLog'
            : nav !== undefined && nav.toLowerCase() !== 'records'
              ? nav
              : extra[0];
        if (unknown !== undefined) throw badRequest(`Resource not found for the segment '${unknown}'.`);
        const method = req.method ?? 'GET';
        const allow = id === undefined ? 'GET, POST' : 'GET';
        if (!allow.split(', ').includes(method))
          throw new GraphHttpError(
            405,
            'MethodNotAllowed',
            `The HTTP method '${method}' is not allowed here; use ${allow}.`,
            { Allow: allow },
          );
        const params = queryOptions(req.url);
        for (const unsupported of ['$filter', '$orderby', '$search', '$expand'])
          if (params.has(unsupported))
            throw badRequest(`The query option '${unsupported}' is not supported on this resource.`);
        const base = origin(req, version);

        if (id === undefined && method === 'POST') {
          const text = await readBody(req);
          let body: unknown;
          try {
            body = JSON.parse(text);
          } catch (err) {
            throw badRequest(`The request body is not valid JSON: ${(err as Error).message}`);
          }
          let filters;
          try {
            filters = parseAuditQueryBody(body);
          } catch (err) {
            if (err instanceof QueryBodyError) throw badRequest(err.message);
            throw err;
          }
          if (registry.refusesCreation)
            throw new GraphHttpError(
              403,
              'Authorization_RequestDenied',
              'Insufficient privileges to complete the operation. (injected fault: query creations are denied)',
            );
          const q = registry.create(filters, workloadsOf(caller), Date.now());
          if (registry.dropsCreateResponse(q)) {
            // Created, but the client never hears of it: no status line, the connection closes.
            ctx.stats.faults.reset++;
            res.destroy();
            return;
          }
          answerGraph(
            ctx,
            req,
            res,
            decision,
            201,
            {
              '@odata.context': `${base}/$metadata#security/auditLog/queries/$entity`,
              ...queryJson(q, registry),
            },
            {
              Location: `${base}/security/auditLog/queries/${q.id}`,
            },
          );
          return;
        }
        if (id === undefined) {
          const top = parseTop(params, MAX_TOP, 100);
          const all = registry.list();
          const offset = decodeSkipToken('queries', params.get('$skiptoken'));
          const page = all.slice(offset, offset + top);
          const more = offset + top < all.length;
          answerGraph(ctx, req, res, decision, 200, {
            '@odata.context': `${base}/$metadata#security/auditLog/queries`,
            value: page.map((q) => queryJson(q, registry)),
            ...(more
              ? { '@odata.nextLink': nextLinkFor(req, params, encodeSkipToken('queries', offset + top)) }
              : {}),
          });
          return;
        }
        const q = registry.get(id);
        if (!q) throw new GraphHttpError(404, 'NotFound', `The audit log query '${id}' was not found.`);
        if (nav === undefined) {
          registry.poll(q, Date.now());
          answerGraph(ctx, req, res, decision, 200, {
            '@odata.context': `${base}/$metadata#security/auditLog/queries/$entity`,
            ...queryJson(q, registry),
          });
          return;
        }
        const top = parseTop(params, MAX_TOP, pageSize);
        const offset = decodeSkipToken(q.id, params.get('$skiptoken'));
        const context = `"@odata.context":${JSON.stringify(`${base}/$metadata#security/auditLog/queries('${q.id}')/records`)}`;
        if (q.status !== 'succeeded' || q.result === null) {
          if (registry.recordsBeforeSuccess === 'error')
            throw badRequest(
              `The audit log query '${q.id}' has status '${q.status}'; its records can be listed once its status is 'succeeded'.`,
            );
          answerGraph(ctx, req, res, decision, 200, Buffer.from(`{${context},"value":[]}`));
          return;
        }
        const positions = q.result.positions;
        const end = Math.min(positions.length, offset + top);
        const parts: Buffer[] = [Buffer.from(`{${context},"value":[`)];
        for (let k = offset; k < end; k++) {
          if (k > offset) parts.push(Buffer.from(','));
          parts.push(store.json(positions[k] as number));
        }
        const link = end < positions.length ? nextLinkFor(req, params, encodeSkipToken(q.id, end)) : null;
        parts.push(Buffer.from(link ? `],"@odata.nextLink":${JSON.stringify(link)}}` : ']}'));
        answerGraph(ctx, req, res, decision, 200, Buffer.concat(parts), {}, Math.max(0, end - offset));
      }),
  };
}
