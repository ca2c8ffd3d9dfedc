/**
 * Helpers for the Graph retriever tests: run options with short waits, reading back the records
 * an acquisition kept, its ledger, checking that no credential reached any file, and a loopback
 * proxy for faults the emulator does not make.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { AUDIT_DEFAULTS, type FetchAuditOptions } from '../../src/case/fetch/audit/index.js';
import type { GraphFetchOptions } from '../../src/case/fetch/graph/graph-fetch.js';
import type { GraphAcquisitionSummary } from '../../src/case/fetch/graph/graph-summary.js';
import { AUDIT_END, AUDIT_START } from './_graph-data.js';
import { runCommand } from '../../src/cli/run.js';
import { collector, listFiles } from './_harness.js';

export const FAST = { baseMs: 5, maxMs: 50 };

export function graphOptions(
  url: string,
  token: string,
  over: Partial<GraphFetchOptions> = {},
): GraphFetchOptions {
  return {
    users: [],
    start: AUDIT_START,
    end: AUDIT_END,
    caseDir: undefined,
    outDir: undefined,
    graphUrl: url,
    apiVersion: 'v1.0',
    windowMs: 86_400_000,
    concurrency: 4,
    timeoutMs: 10_000,
    maxAttempts: 30,
    resume: false,
    credentials: { env: {}, token },
    env: {},
    argv: ['fetch', 'audit', '--token', token],
    backoff: FAST,
    digestWorkers: 1,
    ...over,
  };
}

/** `fetch audit` options for `users`, with short polls and waits. */
export function auditRunOptions(
  url: string,
  token: string,
  over: Partial<FetchAuditOptions> = {},
): FetchAuditOptions {
  return {
    ...graphOptions(url, token),
    operations: [],
    recordTypes: [],
    ips: [],
    usersPerQuery: 1,
    minWindowMs: AUDIT_DEFAULTS.minWindowMs,
    pollIntervalMs: 5,
    queryTimeLimitMs: 60_000,
    queryRetries: 2,
    ...over,
  };
}

/**
 * `mailtrail fetch audit --graph-url URL --user USER` over the test data's days with short polls,
 * then `args` (where the acquisition goes, and anything else), signed in with `token`.
 */
export async function fetchAuditCli(
  url: string,
  user: string,
  token: string,
  args: readonly string[],
): Promise<{ code: number; out: string; err: string }> {
  const out = collector();
  const err = collector();
  const code = await runCommand(
    ['fetch', 'audit', '--graph-url', url, '--user', user, '--start', AUDIT_START, '--end', AUDIT_END].concat(
      ['--poll-interval', '0.005'],
      args,
    ),
    { stdout: out.stream, stderr: err.stream, env: { OAUTH_TOKEN: token } },
  );
  return { code, out: out.text(), err: err.text() };
}

/**
 * Every audit query the emulator's tenant holds (id and displayName), following every next link;
 * a listing the emulator's faults or throttling refuse is asked again.
 */
export async function tenantQueries(
  base: string,
  token: string,
): Promise<{ id: string; displayName: string }[]> {
  type Page = { value: { id: string; displayName: string }[]; '@odata.nextLink'?: string };
  const out: { id: string; displayName: string }[] = [];
  let url: string | undefined = `${base}/v1.0/security/auditLog/queries`;
  for (let tries = 0; url && tries < 200; tries++) {
    const res: Response | null = await fetch(url, { headers: { authorization: `Bearer ${token}` } }).catch(
      () => null,
    );
    const page: Page | null = res?.ok ? ((await res.json().catch(() => null)) as Page | null) : null;
    if (!page) {
      await new Promise((r) => setTimeout(r, 50));
      continue;
    }
    out.push(...page.value.map((q) => ({ id: q.id, displayName: q.displayName })));
    url = page['@odata.nextLink'];
  }
  assert.equal(url, undefined, 'the whole query list was read');
  return out;
}

/** Every record the acquisition kept, in page order. */
export async function keptGraphRecords(dir: string): Promise<Record<string, unknown>[]> {
  const s = JSON.parse(await readFile(join(dir, 'acquisition.json'), 'utf8')) as GraphAcquisitionSummary;
  const out: Record<string, unknown>[] = [];
  for (const p of s.pages) {
    const body = JSON.parse(gunzipSync(await readFile(join(dir, p.file))).toString('utf8')) as {
      value: Record<string, unknown>[];
    };
    out.push(...body.value);
  }
  return out;
}

export async function ledgerOf(dir: string): Promise<Record<string, unknown>[]> {
  return (await readFile(join(dir, 'ledger.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Every kept file's hashes match its bytes; every listed file exists. */
export async function assertEvidenceHashes(dir: string, s: GraphAcquisitionSummary): Promise<void> {
  for (const f of [...s.pages, ...s.queries]) {
    const gz = await readFile(join(dir, f.file));
    assert.equal(createHash('sha256').update(gz).digest('hex'), f.sha256, f.file);
    assert.equal(createHash('sha256').update(gunzipSync(gz)).digest('hex'), f.bodySha256, f.file);
  }
}

/** No file under `dir` (gzip files decompressed), nor `text`, contains the token. */
export async function assertNoToken(dir: string, token: string, ...texts: string[]): Promise<void> {
  for (const f of await listFiles(dir)) {
    let bytes = await readFile(join(dir, f));
    if (f.endsWith('.gz')) bytes = gunzipSync(bytes);
    assert.ok(!bytes.includes(token), `${f} contains the token`);
  }
  for (const t of texts) assert.ok(!t.includes(token), 'output contains the token');
}

/** What a {@link faultProxy} does with one request. */
export interface ProxyHooks {
  /** Answers the request itself (a fault) and returns true, or returns false to pass it on. */
  readonly fault?: (req: http.IncomingMessage, res: http.ServerResponse) => boolean;
  /** The body to answer instead of the emulator's (which it gets), or `undefined` to keep it. */
  readonly rewrite?: (req: http.IncomingMessage, body: Buffer) => Buffer | undefined;
}

/**
 * A loopback HTTP proxy in front of the emulator at `target`, for answers the emulator does not
 * give (a GET failing, a list without some properties, a long Retry-After): real requests over
 * real sockets, passed on unchanged unless a hook acts. Closed when the test ends; its URL.
 */
export async function faultProxy(
  t: { after(fn: () => Promise<void>): void },
  target: string,
  hooks: ProxyHooks,
): Promise<string> {
  const up = new URL(target);
  const server = http.createServer((req, res) => {
    if (hooks.fault?.(req, res)) {
      req.resume();
      return;
    }
    const fwd = http.request(
      { host: up.hostname, port: up.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('error', () => res.destroy());
        answer.on('end', () => {
          const original = Buffer.concat(chunks);
          const body = hooks.rewrite?.(req, original) ?? original;
          const headers = { ...answer.headers, 'content-length': String(body.length) };
          delete headers['transfer-encoding'];
          res.writeHead(answer.statusCode ?? 502, headers);
          res.end(body);
        });
      },
    );
    fwd.on('error', () => res.destroy());
    req.pipe(fwd);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

/** A request's path without its query string. */
export const pathOf = (req: http.IncomingMessage): string => (req.url ?? '').split('?')[0]!;
