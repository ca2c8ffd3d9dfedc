/**
 * Helpers of the Graph endpoint tests: JSON requests over loopback, and a whole audit log query
 * run (create, poll until it finishes, follow every `@odata.nextLink`) the way a retriever does.
 */
export const GTOKEN = 'graph-token';

export interface GraphReply {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export async function graphCall(
  url: string,
  init: { method?: string; body?: unknown; token?: string | null } = {},
): Promise<GraphReply> {
  const headers: Record<string, string> = {};
  if (init.token !== null) headers.authorization = `Bearer ${init.token ?? GTOKEN}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, {
    method: init.method ?? (init.body !== undefined ? 'POST' : 'GET'),
    headers,
    ...(init.body !== undefined
      ? { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }
      : {}),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Creates a query, polls it until it is no longer notStarted/running, returns it and its records. */
export async function runQuery(
  base: string,
  body: Record<string, unknown>,
  opts: { top?: number; token?: string; version?: string } = {},
): Promise<{
  query: Record<string, unknown>;
  records: Record<string, unknown>[];
  pages: unknown[];
  polls: string[];
}> {
  const v = opts.version ?? 'v1.0';
  const created = await graphCall(`${base}/${v}/security/auditLog/queries`, {
    body,
    token: opts.token ?? GTOKEN,
  });
  if (created.status !== 201) throw new Error(`create failed: ${created.status} ${created.text}`);
  const polls: string[] = [created.json.status];
  let query = created.json;
  for (let i = 0; i < 100 && (query.status === 'notStarted' || query.status === 'running'); i++) {
    const r = await graphCall(`${base}/${v}/security/auditLog/queries/${created.json.id}`, {
      token: opts.token ?? GTOKEN,
    });
    query = r.json;
    polls.push(query.status);
  }
  const records: Record<string, unknown>[] = [];
  const pages: unknown[] = [];
  if (query.status !== 'succeeded') return { query, records, pages, polls };
  let next: string | undefined =
    `${base}/${v}/security/auditLog/queries/${query.id}/records${opts.top ? `?$top=${opts.top}` : ''}`;
  while (next) {
    const r = await graphCall(next, { token: opts.token ?? GTOKEN });
    if (r.status !== 200) throw new Error(`records failed: ${r.status} ${r.text}`);
    pages.push(r.json);
    records.push(...r.json.value);
    next = r.json['@odata.nextLink'];
  }
  return { query, records, pages, polls };
}
