/**
 * An audit log query object as the service returns it (`GET …/queries/{id}`, or the answer to
 * its creation): read, with its body kept verbatim for the evidence.
 *
 * @module
 */
import { SourceError } from '../../../errors.js';
import type { HttpResponse } from '../../../sources/_http/client.js';
import {
  auditQueryUrl,
  graphSend,
  jsonObjectBody,
  readAuditQuery,
  type AuditQueryInfo,
} from '../../../sources/graph/index.js';
import type { SliceTools } from '../graph/graph-run.js';
import type { SliceState } from '../graph/graph-state.js';

/** Where the audit log query API is. */
export interface QueryEndpoint {
  readonly graphUrl: string;
  readonly apiVersion: string;
}

export interface QueryObject {
  readonly info: AuditQueryInfo;
  readonly body: Buffer;
}

/** GETs query `id` of the slice; `null` when the service does not know it (404). */
export async function getQuery(
  state: SliceState,
  t: SliceTools,
  s: QueryEndpoint,
  id: string,
): Promise<{ value: QueryObject; response: HttpResponse } | null> {
  try {
    const { value, response } = await graphSend(t.ctx, {
      method: 'GET',
      url: auditQueryUrl(s.graphUrl, s.apiVersion, id),
      slice: state.slice.key,
      what: `audit query ${id} of slice ${state.slice.key}`,
      accept: async (res) => queryVerdict(res.body),
    });
    return { value, response };
  } catch (err) {
    if (err instanceof SourceError && err.status === 404) return null;
    throw err;
  }
}

/** A 2xx body that is a usable query object, or the reason to ask again. */
export function queryVerdict(body: Buffer): { ok: QueryObject } | { retry: string } {
  const obj = jsonObjectBody(body);
  if ('retry' in obj) return obj;
  const info = readAuditQuery(obj.ok);
  if ('invalid' in info) return { retry: info.invalid };
  return { ok: { info, body } };
}
