/**
 * The Magic Unicorn reports, streamed: pass 1 over the evidence builds the message index and the
 * session attribution (compact maps only), pass 2 emits each report row as its event goes by and
 * writes it out. Neither pass holds the events, so memory does not grow with the number of
 * reads, searches or logons — only with the number of messages and sessions.
 *
 * @module
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { InvestigationOptions } from '../../analyses/investigate.js';
import { UNICORN_TABLES, type UnicornTable } from '../../analyses/unicorn/unicorn-tables.js';
import type { AnalysisEvent } from '../../analyses/types.js';
import { UsageError } from '../../errors.js';
import { tsvLine } from '../../report/tsv.js';
import { ByteFile } from './byte-files.js';
import { FastScanUnsupported } from './csv-scan.js';
import { scanUnicornFast } from './unicorn-fast.js';
import type { FastOutputs } from './unicorn-fast-output.js';
export interface UnicornOptions {
  /** Activities evidence files (CrowdStrike CSV, or any format readActivityFile reads). */
  readonly inputs: readonly string[];
  readonly outDir: string;
  readonly title: string;
  /** Mailbox for files that name none (only used to keep mailboxes apart; optional here). */
  readonly mailbox?: string;
  readonly sessions?: InvestigationOptions['sessions'];
  readonly signal?: AbortSignal;
  /** Where the event stream comes from; default: the input files. */
  readonly events?: UnicornEvents;
  /** By-item rows buffered in memory before they are spilled to disk (characters; general path). */
  readonly spillChars?: number;
  /**
   * `auto` (default): the one-pass byte scan of CrowdStrike CSVs (unicorn-fast.ts), else the
   * general two-pass path; `general`: always the general path (tests compare the two).
   */
  readonly engine?: 'auto' | 'general';
  /** Fast path: scratch bytes held in memory before spilling, and by-item window size (tests). */
  readonly scratchBytes?: number;
  readonly windowBytes?: number;
  /** Fast path: groups per by-item scratch file, as a power of two (tests make it tiny). */
  readonly bucketBits?: number;
  /** Fast path: read in a worker thread (default: for large inputs on a machine with 2+ cores). */
  readonly scanThread?: boolean;
  /** Fast path: bytes of CSV per chunk (tests make it tiny). */
  readonly chunkBytes?: number;
}

/** A re-readable event stream for the two passes (the case store provides one). */
export type UnicornEvents = (
  onEvent: (e: AnalysisEvent, timeText: string) => void,
  pass: 1 | 2,
) => Promise<void>;

export interface UnicornResult {
  /** Output files, in Magic Unicorn's order. */
  readonly files: readonly string[];
  readonly rows: Readonly<Record<UnicornTable, number>>;
  /** Events read in pass 1. */
  readonly events: number;
  /** How each input was read: the fast CSV scan or the full reader. */
  readonly modes: readonly ('fast' | 'full' | 'case')[];
}

/** Magic Unicorn's output file for a table: `<outDir>/<title>-<table>.tsv` (a path join, not concatenation). */
export function unicornFile(outDir: string, title: string, table: UnicornTable): string {
  return join(outDir, `${title}-${table}.tsv`);
}

export async function runUnicorn(options: UnicornOptions): Promise<UnicornResult> {
  if (options.title === '' || /[\\/]/.test(options.title) || options.title === '.' || options.title === '..')
    throw new UsageError(
      `[unicorn] The title ${JSON.stringify(options.title)} cannot be used in a file name`,
    );
  const outDir = resolve(options.outDir);
  await mkdir(outDir, { recursive: true });
  if (!options.events && options.engine !== 'general') {
    const fast = await tryFastUnicorn(options, outDir);
    if (fast) return fast;
  }
  // The general path (and what it imports) is loaded only when needed.
  const { runUnicornGeneral } = await import('./unicorn-general.js');
  return runUnicornGeneral(options, outDir);
}

// --- Internal helpers ---

const TABLE_ORDER = [
  'logon-activity',
  'search-activity',
  'read-activity-by-time',
  'read-activity-by-item',
  'attachments-activity',
] as const;

/** The one-pass byte scan; null when an input needs the general path (nothing is left behind). */
async function tryFastUnicorn(options: UnicornOptions, outDir: string): Promise<UnicornResult | null> {
  const file = (t: UnicornTable, header: boolean) => {
    const f = new ByteFile(unicornFile(outDir, options.title, t));
    if (header) f.string(tsvLine(UNICORN_TABLES[t]));
    return f;
  };
  const outputs: FastOutputs = {
    logon: file('logon-activity', true),
    search: file('search-activity', true),
    byTime: file('read-activity-by-time', true),
    byItem: file('read-activity-by-item', false),
    attachments: file('attachments-activity', true),
    counts: { logon: 0, search: 0, read: 0, attachments: 0 },
    scratchPrefix: join(outDir, `.${options.title}-unicorn-scratch`),
  };
  const all = [outputs.logon, outputs.search, outputs.byTime, outputs.byItem, outputs.attachments];
  let events: number;
  try {
    ({ events } = await scanUnicornFast(options.inputs, outputs, {
      ...(options.sessions ? { sessions: options.sessions } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.scratchBytes !== undefined ? { spillBytes: options.scratchBytes } : {}),
      ...(options.windowBytes !== undefined ? { windowBytes: options.windowBytes } : {}),
      ...(options.bucketBits !== undefined ? { bucketBits: options.bucketBits } : {}),
      ...(options.scanThread !== undefined ? { scanThread: options.scanThread } : {}),
      ...(options.chunkBytes !== undefined ? { chunkBytes: options.chunkBytes } : {}),
    }));
    for (const f of all) f.commit();
  } catch (err) {
    for (const f of all) f.abort();
    if (err instanceof FastScanUnsupported) {
      return null;
    }
    throw err;
  }
  const c = outputs.counts;
  return {
    files: TABLE_ORDER.map((t) => unicornFile(outDir, options.title, t)),
    rows: {
      'logon-activity': c.logon,
      'search-activity': c.search,
      'read-activity-by-time': c.read,
      'read-activity-by-item': c.read,
      'attachments-activity': c.attachments,
    },
    events,
    modes: options.inputs.map(() => 'fast' as const),
  };
}
