/**
 * The general `unicorn` path: two passes of the analyses' reducers (createIndexPass, then
 * emitUnicornRows) over any event stream — a case, any Activities evidence file (gzip, JSON,
 * NDJSON; csv-scan.ts's lighter scan for CSVs) — for inputs the one-pass byte scan
 * (unicorn-fast.ts) does not take. It is also the reference the fast path is tested against.
 *
 * @module
 */
import { createIndexPass, type InvestigationIndex } from '../../analyses/investigate.js';
import {
  UNICORN_OPERATIONS,
  UNICORN_TABLES,
  emitUnicornRows,
} from '../../analyses/unicorn/unicorn-tables.js';
import type { AnalysisEvent } from '../../analyses/types.js';
import { FastScanUnsupported } from './csv-scan.js';
import { PASS1_TYPES, PASS2_TYPES } from './unicorn-activity-flags.js';
import { ANALYSIS_PROPERTY_SET, forEachLiteEvent } from './event-source.js';
import { GroupedTsvFile, TsvTableFile } from './tsv-files.js';
import { unicornFile, type UnicornOptions, type UnicornResult } from './unicorn.js';

export async function runUnicornGeneral(options: UnicornOptions, outDir: string): Promise<UnicornResult> {
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
          wants(PASS1_TYPES),
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
          wants(PASS1_TYPES),
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
          wants(PASS2_TYPES),
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
