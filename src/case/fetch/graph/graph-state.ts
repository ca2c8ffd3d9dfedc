/**
 * The on-disk state of a Graph acquisition (audit log queries or sign-ins, docs/acquisition-format.md):
 * the checkpoint that `--resume` continues from after any interruption, SIGKILL included. A slice
 * is marked complete only once every page of it is on disk; an audit slice keeps the id of its
 * query from the moment the service created it, so a resumed run re-attaches to that query
 * instead of submitting a new one.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../../../errors.js';
import type { GraphSlice } from '../../../sources/graph/index.js';
import { writeFileAtomic } from '../../atomic-write.js';
import type { KeptFile } from '../page-keeper.js';

export const GRAPH_ACQUISITION_FORMAT = 'mailtrail-graph-acquisition';
export const GRAPH_CHECKPOINT_FORMAT = 'mailtrail-graph-checkpoint';

export type GraphSource = 'audit' | 'signins';

/** What was asked. A resumed run must ask exactly the same. */
export interface GraphParams {
  readonly graphUrl: string;
  readonly apiVersion: string;
  readonly users: readonly string[];
  readonly start: string;
  readonly end: string;
  readonly windowMs: number;
  readonly usersPerSlice: number;
  /** Audit only: the smallest window a capped slice is split down to. */
  readonly minWindowMs: number;
  readonly operations: readonly string[];
  readonly recordTypes: readonly string[];
  readonly ips: readonly string[];
  /** Sign-ins only: the `signInEventTypes` asked for (v1.0: interactive sign-ins only). */
  readonly eventTypes?: readonly string[];
}

/** A kept response page of records. */
export interface GraphPageEntry extends KeptFile {
  readonly slice: string;
  readonly page: number;
  readonly request: string;
  readonly records: number;
}

/**
 * A kept audit query object: as the service created it, as read by its id after it was found in
 * the query list because the creation's answer was lost (`listed`), or as it finished.
 */
export interface QueryEvidence extends KeptFile {
  readonly slice: string;
  readonly queryId: string;
  readonly stage: 'created' | 'listed' | 'finished';
  readonly status?: string;
}

export interface SliceResult {
  readonly pages: GraphPageEntry[];
  readonly received: number;
  /** The service's own count (audit: `approximateReturnedRecordCount`), when it gives one. */
  readonly expected?: number;
  readonly queryId?: string;
}

export interface SliceState {
  readonly slice: GraphSlice;
  /** `pending`: not finished yet; `split`: replaced by its halves; `gap`: cannot be retrieved whole. */
  status: 'pending' | 'complete' | 'split' | 'gap';
  /** The audit query this slice is waiting on (kept from its creation until the slice is done). */
  queryId?: string;
  /**
   * Audit: a query creation was sent and its answer not received yet. Before sending another,
   * the queries are listed and one this slice created is re-attached to (this run or a resumed one).
   */
  creationPending?: true;
  /** Audit queries of this slice the service ended as failed or cancelled. */
  failedQueries?: number;
  /** Query objects kept for this slice (all its queries, whatever became of them). */
  queries?: QueryEvidence[];
  result?: SliceResult;
  /** Why the slice was split or is a gap. */
  reason?: string;
}

export interface GraphCheckpoint {
  readonly format: typeof GRAPH_CHECKPOINT_FORMAT;
  readonly version: 1;
  readonly source: GraphSource;
  readonly id: string;
  readonly startedAt: string;
  /**
   * Random, made with the checkpoint: with the id, it names this acquisition's audit queries
   * (`displayName`), so they are told apart from any other acquisition's even when two `--out`
   * directories share a name. Absent in checkpoints of earlier versions.
   */
  readonly queryTag?: string;
  readonly params: GraphParams;
  /** Every slice ever planned, halves of split slices included, by key. */
  readonly slices: Record<string, SliceState>;
}

export function newGraphCheckpoint(
  source: GraphSource,
  id: string,
  params: GraphParams,
  slices: readonly GraphSlice[],
  startedAt: string,
): GraphCheckpoint {
  const states: Record<string, SliceState> = {};
  for (const s of slices) states[s.key] = { slice: s, status: 'pending' };
  const queryTag = randomBytes(4).toString('hex');
  return {
    format: GRAPH_CHECKPOINT_FORMAT,
    version: 1,
    source,
    id,
    startedAt,
    queryTag,
    params,
    slices: states,
  };
}

/** The acquisition's part of its audit queries' `displayName`: its id and its tag. */
export function queryLabel(cp: GraphCheckpoint): string {
  return cp.queryTag !== undefined ? `${cp.id} ${cp.queryTag}` : cp.id;
}

export async function saveGraphCheckpoint(dir: string, cp: GraphCheckpoint): Promise<void> {
  await writeFileAtomic(join(dir, 'checkpoint.json'), JSON.stringify(cp, null, 1) + '\n');
}

export async function loadGraphCheckpoint(dir: string, source: GraphSource): Promise<GraphCheckpoint> {
  const path = join(dir, 'checkpoint.json');
  let cp: GraphCheckpoint;
  try {
    cp = JSON.parse(await readFile(path, 'utf8')) as GraphCheckpoint;
  } catch (err) {
    throw new UsageError(`[fetch] --resume: cannot read ${path}: ${(err as Error).message}`);
  }
  if (cp.format !== GRAPH_CHECKPOINT_FORMAT || cp.version !== 1)
    throw new UsageError(`[fetch] ${path} is not a mailtrail Graph checkpoint this version can resume`);
  if (cp.source !== source)
    throw new UsageError(`[fetch] ${path} is the checkpoint of a ${cp.source} retrieval, not ${source}`);
  return cp;
}

/** Explains how a resumed request differs from the checkpoint's, or `undefined` when they match. */
export function graphParamsMismatch(asked: GraphParams, saved: GraphParams): string | undefined {
  // Checkpoints of sign-in retrievals made before --event-types existed asked for (and got)
  // interactive sign-ins only.
  const was =
    saved.eventTypes === undefined && asked.eventTypes !== undefined
      ? { ...saved, eventTypes: ['interactiveUser'] }
      : saved;
  const a = canonicalJson(asked);
  const b = canonicalJson(was);
  return a === b ? undefined : `checkpoint has ${b}, this command asks ${a}`;
}

/** JSON with object keys sorted, so that equal parameters compare equal whatever their order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : v,
  );
}

/** Slices still to retrieve, in key order (user set, then time). */
export function pendingSlices(cp: GraphCheckpoint): SliceState[] {
  return Object.values(cp.slices)
    .filter((s) => s.status === 'pending')
    .sort((a, b) => (a.slice.key < b.slice.key ? -1 : a.slice.key > b.slice.key ? 1 : 0));
}
