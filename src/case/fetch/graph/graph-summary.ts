/**
 * Closing a Graph acquisition: `acquisition.json` with every slice's outcome (complete, split,
 * gap or missing, with the service's expected count, the records received and the difference;
 * a complete slice clearly short of that count is unverified), the records de-duplicated by id
 * across slices, every kept file with its SHA-256, and the error that stopped the run, if one
 * did. Also the clean-up before a resume: files of slices that never finished are removed.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { countShortfall, describeGraphSlice } from '../../../sources/graph/index.js';
import { VERSION } from '../../../version.js';
import { writeFileAtomic } from '../../atomic-write.js';
import type { FatalErrorSummary } from './fatal-error.js';
import {
  GRAPH_ACQUISITION_FORMAT,
  type GraphCheckpoint,
  type GraphPageEntry,
  type GraphSource,
  type QueryEvidence,
} from './graph-state.js';

export interface GraphSliceSummary {
  readonly key: string;
  readonly users: readonly string[];
  readonly start: string;
  readonly end: string;
  readonly status: 'complete' | 'split' | 'gap' | 'missing';
  readonly queryId?: string;
  readonly expected?: number;
  readonly received: number;
  /** received − expected, when the service gave a count. */
  readonly difference?: number;
  /** Received fewer records than the service counted, beyond the tolerance (COUNT_TOLERANCE). */
  readonly unverified?: true;
  readonly pages: number;
  readonly reason?: string;
}

export interface GraphAcquisitionSummary {
  readonly format: typeof GRAPH_ACQUISITION_FORMAT;
  readonly version: 1;
  readonly source: GraphSource;
  readonly id: string;
  readonly tool: string;
  readonly graphUrl: string;
  readonly apiVersion: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly complete: boolean;
  readonly query: {
    readonly start: string;
    readonly end: string;
    readonly users: readonly string[];
    readonly operations: readonly string[];
    readonly recordTypes: readonly string[];
    readonly ips: readonly string[];
    readonly windowMs: number;
    /** Sign-ins: the event types asked for; what is not listed was not retrieved. */
    readonly eventTypes?: readonly string[];
  };
  /** Records in the kept pages, and the distinct record ids among them. */
  readonly records: number;
  readonly uniqueRecords: number;
  readonly expected: number | null;
  readonly slices: GraphSliceSummary[];
  /** Each slice that could not be retrieved, in words, with the reason. */
  readonly missingSlices: string[];
  /** Each complete slice that received clearly fewer records than the service counted, in words. */
  readonly unverifiedSlices: string[];
  /** Whether the run was told to accept count shortfalls (`--accept-count-shortfall`). */
  readonly countShortfallAccepted: boolean;
  /** The error that stopped the run (then `complete` is false). */
  readonly error?: FatalErrorSummary;
  readonly pages: GraphPageEntry[];
  readonly queries: QueryEvidence[];
  readonly requests: number;
  readonly retries: number;
}

export async function writeGraphSummary(
  dir: string,
  cp: GraphCheckpoint,
  failures: ReadonlyMap<string, string>,
  counters: { requests: number; retries: number },
  closing: { acceptCountShortfall?: boolean; fatal?: FatalErrorSummary } = {},
): Promise<GraphAcquisitionSummary> {
  const slices: GraphSliceSummary[] = [];
  const pages: GraphPageEntry[] = [];
  const queries: QueryEvidence[] = [];
  const missingSlices: string[] = [];
  const unverifiedSlices: string[] = [];
  const fatal = closing.fatal;
  const notRetrieved = fatal
    ? `not retrieved: the run stopped on the error of slice ${fatal.slice} (${fatal.status !== null ? `HTTP ${fatal.status}` : 'fatal'}${fatal.code !== undefined ? ` ${fatal.code}` : ''})`
    : 'not retrieved (interrupted)';
  let expected: number | null = null;
  const states = Object.values(cp.slices).sort((a, b) => (a.slice.key < b.slice.key ? -1 : 1));
  for (const s of states) {
    queries.push(...(s.queries ?? []));
    const r = s.result;
    const status = s.status === 'pending' ? 'missing' : s.status;
    if (status === 'missing' || status === 'gap') {
      const reason = s.reason ?? failures.get(s.slice.key) ?? notRetrieved;
      missingSlices.push(`${describeGraphSlice(s.slice)}: ${reason}`);
    }
    const short = status === 'complete' && r ? countShortfall(r.expected, r.received) : null;
    if (short && r)
      unverifiedSlices.push(
        `${describeGraphSlice(s.slice)}: received ${r.received} records, ${short.shortfall} fewer than the service's approximate count of ${r.expected} (tolerance ${short.tolerance})`,
      );
    if (r) {
      pages.push(...r.pages);
      if (r.expected !== undefined) expected = (expected ?? 0) + r.expected;
    }
    const reason =
      s.reason ?? (status === 'missing' ? (failures.get(s.slice.key) ?? notRetrieved) : undefined);
    slices.push({
      key: s.slice.key,
      users: s.slice.users,
      start: s.slice.start,
      end: s.slice.end,
      status,
      ...(r?.queryId !== undefined ? { queryId: r.queryId } : s.queryId ? { queryId: s.queryId } : {}),
      ...(r?.expected !== undefined ? { expected: r.expected } : {}),
      received: r?.received ?? 0,
      ...(r?.expected !== undefined ? { difference: r.received - r.expected } : {}),
      ...(short ? { unverified: true as const } : {}),
      pages: r?.pages.length ?? 0,
      ...(reason !== undefined ? { reason } : {}),
    });
  }
  const ids = new Set<string>();
  let records = 0;
  for (const p of pages) {
    records += p.records;
    for (const id of await pageIds(dir, p.file)) ids.add(id);
  }
  const p = cp.params;
  const summary: GraphAcquisitionSummary = {
    format: GRAPH_ACQUISITION_FORMAT,
    version: 1,
    source: cp.source,
    id: cp.id,
    tool: `mailtrail ${VERSION}`,
    graphUrl: p.graphUrl,
    apiVersion: p.apiVersion,
    startedAt: cp.startedAt,
    finishedAt: new Date().toISOString(),
    complete: missingSlices.length === 0 && fatal === undefined,
    query: {
      start: p.start,
      end: p.end,
      users: p.users,
      operations: p.operations,
      recordTypes: p.recordTypes,
      ips: p.ips,
      windowMs: p.windowMs,
      ...(p.eventTypes !== undefined ? { eventTypes: p.eventTypes } : {}),
    },
    records,
    uniqueRecords: ids.size,
    expected,
    slices,
    missingSlices,
    unverifiedSlices,
    countShortfallAccepted: closing.acceptCountShortfall === true,
    ...(fatal ? { error: fatal } : {}),
    pages,
    queries,
    requests: counters.requests,
    retries: counters.retries,
  };
  await writeFileAtomic(join(dir, 'acquisition.json'), JSON.stringify(summary, null, 1) + '\n');
  return summary;
}

/**
 * Files under `pages/` and `queries/` that no finished slice lists (pages of a slice that never
 * finished, half-written temporary files of a killed run): removed before a resume, so the only
 * evidence is what the summary lists. Query objects of pending slices are kept: they are listed.
 */
export async function removeUnlistedGraphFiles(dir: string, cp: GraphCheckpoint): Promise<string[]> {
  const listed = new Set<string>();
  for (const s of Object.values(cp.slices)) {
    for (const p of s.result?.pages ?? []) listed.add(p.file);
    for (const q of s.queries ?? []) listed.add(q.file);
  }
  const removed: string[] = [];
  for (const top of ['pages', 'queries']) {
    for (const rel of await filesUnder(dir, top)) {
      if (!listed.has(rel)) {
        await rm(join(dir, rel), { force: true });
        removed.push(rel);
      }
    }
  }
  return removed.sort();
}

/** Files below `dir/rel`, as `/`-separated paths relative to `dir`. */
async function filesUnder(dir: string, rel: string): Promise<string[]> {
  if (!existsSync(join(dir, rel))) return [];
  const out: string[] = [];
  for (const e of await readdir(join(dir, rel), { withFileTypes: true })) {
    const child = `${rel}/${e.name}`;
    if (e.isDirectory()) out.push(...(await filesUnder(dir, child)));
    else out.push(child);
  }
  return out;
}

async function pageIds(dir: string, file: string): Promise<string[]> {
  const body = JSON.parse(gunzipSync(await readFile(join(dir, file))).toString('utf8')) as {
    value?: unknown[];
  };
  const ids: string[] = [];
  for (const r of body.value ?? []) {
    const id = (r as { id?: unknown } | null)?.id;
    if (typeof id === 'string') ids.push(id);
  }
  return ids;
}
