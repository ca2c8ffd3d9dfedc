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
import {
  createIndexPass,
  type InvestigationIndex,
  type InvestigationOptions,
} from '../../analyses/investigate.js';
import {
  UNICORN_OPERATIONS,
  UNICORN_TABLES,
  emitUnicornRows,
  type UnicornTable,
} from '../../analyses/unicorn/unicorn-tables.js';
import type { AnalysisEvent } from '../../analyses/types.js';
import { UsageError } from '../../errors.js';
import { FastScanUnsupported } from './csv-scan.js';
import { ANALYSIS_PROPERTY_SET, forEachLiteEvent } from './event-source.js';
import { GroupedTsvFile, TsvTableFile } from './tsv-files.js';

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
  /** By-item rows buffered in memory before they are spilled to disk (characters). */
  readonly spillChars?: number;
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

/** Activity types whose properties pass 1 needs (messages, moves, logons). */
const PASS1_PROPS = new Set([
  'MessageDelivered',
  'ServerLogon',
  'Logon',
  'MarkAsRead',
  'Reply',
  'ReplyAll',
  'Forward',
  'MessageSent',
  'RemoteSend',
  'Move',
  'MoveFromInbox',
  'MoveToInbox',
  'MoveFromClutter',
  'MoveToClutter',
  'Delete',
  'DeleteFromInbox',
  'DeleteFromClutter',
]);
const PASS2_PROPS = new Set([
  'ServerLogon',
  'Logon',
  'SearchResult',
  'SearchSuggestionsDisplay',
  'OpenedAnAttachment',
]);

export async function runUnicorn(options: UnicornOptions): Promise<UnicornResult> {
  if (options.title === '' || /[\\/]/.test(options.title) || options.title === '.' || options.title === '..')
    throw new UsageError(
      `[unicorn] The title ${JSON.stringify(options.title)} cannot be used in a file name`,
    );
  const outDir = resolve(options.outDir);
  await mkdir(outDir, { recursive: true });
  const modes: ('fast' | 'full' | 'case')[] = [];

  // Pass 1: indexes.
  let index: InvestigationIndex;
  if (options.events) {
    const p1 = createIndexPass({
      sessions: { ...options.sessions, opens: (e: AnalysisEvent) => UNICORN_OPERATIONS.has(e.operation) },
    });
    await options.events((e) => p1.add(e), 1);
    index = p1.result();
    modes.push('case');
  } else {
    const lean = {
      sessions: { ...options.sessions, opens: (e: AnalysisEvent) => UNICORN_OPERATIONS.has(e.operation) },
    };
    let p1 = createIndexPass(lean);
    for (const input of options.inputs) {
      try {
        await forEachLiteEvent(
          input,
          options.mailbox,
          wants(PASS1_PROPS),
          (e) => p1.add(e),
          'fast',
          options.signal,
        );
        modes.push('fast');
      } catch (err) {
        if (!(err instanceof FastScanUnsupported)) throw err;
        modes.push('full');
      }
    }
    if (modes.includes('full')) {
      // Start over so no input is counted twice; fast-readable inputs stay fast.
      p1 = createIndexPass(lean);
      for (let i = 0; i < options.inputs.length; i++)
        await forEachLiteEvent(
          options.inputs[i]!,
          mailboxFor(options, modes[i]!),
          wants(PASS1_PROPS),
          (e) => p1.add(e),
          modes[i] as 'fast' | 'full',
          options.signal,
        );
    }
    index = p1.result();
  }

  // Pass 2: rows.
  const flat = {
    'logon-activity': new TsvTableFile(
      unicornFile(outDir, options.title, 'logon-activity'),
      UNICORN_TABLES['logon-activity'],
    ),
    'search-activity': new TsvTableFile(
      unicornFile(outDir, options.title, 'search-activity'),
      UNICORN_TABLES['search-activity'],
    ),
    'read-activity-by-time': new TsvTableFile(
      unicornFile(outDir, options.title, 'read-activity-by-time'),
      UNICORN_TABLES['read-activity-by-time'],
    ),
    'attachments-activity': new TsvTableFile(
      unicornFile(outDir, options.title, 'attachments-activity'),
      UNICORN_TABLES['attachments-activity'],
    ),
  };
  const byItem = new GroupedTsvFile(
    unicornFile(outDir, options.title, 'read-activity-by-item'),
    UNICORN_TABLES['read-activity-by-item'],
    options.spillChars,
  );
  const sink = {
    row: (table: keyof typeof flat, values: string[]) => flat[table].row(values),
    groupedRow: (_t: 'read-activity-by-item', group: string, values: string[]) => byItem.row(group, values),
  };
  const emit = (e: AnalysisEvent, timeText: string) => emitUnicornRows(e, index, sink, timeText);
  try {
    if (options.events) await options.events(emit, 2);
    else
      for (let i = 0; i < options.inputs.length; i++)
        await forEachLiteEvent(
          options.inputs[i]!,
          mailboxFor(options, modes[i]!),
          wants(PASS2_PROPS),
          emit,
          modes[i] as 'fast' | 'full',
          options.signal,
          UNICORN_OPERATIONS,
        );
    for (const f of Object.values(flat)) await f.close();
    await byItem.close();
  } catch (err) {
    for (const f of Object.values(flat)) f.abort();
    byItem.abort();
    throw err;
  }
  const tables = [
    'logon-activity',
    'search-activity',
    'read-activity-by-time',
    'read-activity-by-item',
    'attachments-activity',
  ] as const;
  return {
    files: tables.map((t) => unicornFile(outDir, options.title, t)),
    rows: {
      'logon-activity': flat['logon-activity'].rows,
      'search-activity': flat['search-activity'].rows,
      'read-activity-by-time': flat['read-activity-by-time'].rows,
      'read-activity-by-item': byItem.rows,
      'attachments-activity': flat['attachments-activity'].rows,
    },
    events: index.events,
    modes,
  };
}

// --- Internal helpers ---

function wants(types: ReadonlySet<string>): (type: string) => ReadonlySet<string> | null {
  return (type) => (types.has(type) ? ANALYSIS_PROPERTY_SET : null);
}

/** The full reader needs a mailbox for files that name none; Magic Unicorn never did. */
function mailboxFor(options: UnicornOptions, mode: 'fast' | 'full' | 'case'): string | undefined {
  return mode === 'full' ? (options.mailbox ?? 'unknown-mailbox') : options.mailbox;
}
