/**
 * The Magic Unicorn reports of CrowdStrike CSVs in one pass over the bytes (the `unicorn` fast
 * path). Each record is split with a byte loop (csv-bytes.ts), its ActivityIdType decides what is
 * read (unicorn-row-scanner.ts), and only the wanted CustomProperties are located
 * (unicorn-props.ts). Messages and sessions go into a compact, typed-array index of interned byte
 * strings (analyses/unicorn/compact-index.ts); logon rows are written at once; search, read and
 * attachment rows wait in a binary scratch file (their IP and message are known only at the end
 * of the file) and are written after the pass (unicorn-fast-output.ts), the by-item table grouped
 * in bounded windows. No JS object is made per record, and memory grows only with messages and
 * sessions, never with the number of records or rows.
 *
 * Anything the scan is unsure of throws {@link FastScanUnsupported} and the caller uses the
 * general path instead, so the outputs are those of `emitUnicornRows` over `createIndexPass`.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { UnicornCompactIndex } from '../../analyses/unicorn/compact-index.js';
import type { SessionOptions } from '../../analyses/sessions/sessions.js';
import { SpillFile } from './byte-files.js';
import { readCsvRecords } from './csv-bytes.js';
import { RowWriter, type FastOutputs } from './unicorn-fast-output.js';
import { RowScanner } from './unicorn-row-scanner.js';

export interface FastScanOptions {
  readonly sessions?: SessionOptions;
  readonly signal?: AbortSignal;
  /** Scratch bytes kept in memory before spilling to disk (tests make it tiny). */
  readonly spillBytes?: number;
  /** Largest by-item window held in memory (tests make it tiny). */
  readonly windowBytes?: number;
  /** Groups per by-item scratch file, as a power of two (tests make it tiny). */
  readonly bucketBits?: number;
}

/**
 * Writes the five reports of `inputs` (CrowdStrike CSVs, read in order as one stream) to
 * `outputs`. Throws FastScanUnsupported when an input is not plainly readable this way.
 */
export async function scanUnicornFast(
  inputs: readonly string[],
  outputs: FastOutputs,
  options: FastScanOptions = {},
): Promise<{ events: number }> {
  const idx = new UnicornCompactIndex(options.sessions);
  const spillPath = `${outputs.scratchPrefix}.${randomBytes(4).toString('hex')}`;
  const spill = new SpillFile(`${spillPath}.rows`, options.spillBytes);
  const writer = new RowWriter(idx, outputs, `${spillPath}.byitem`, {
    spillBytes: options.spillBytes,
    windowBytes: options.windowBytes,
    bucketBits: options.bucketBits,
  });
  try {
    const rows = new RowScanner(idx, outputs, spill);
    for (const input of inputs) {
      rows.startFile();
      await readCsvRecords(input, rows.fields, (buf) => rows.record(buf), {
        bufferBytes: 1 << 20,
        signal: options.signal,
        checkUtf8: true,
      });
    }
    idx.finish();
    writer.writeDeferred(spill);
    return { events: idx.events };
  } finally {
    spill.dispose();
    writer.dispose();
  }
}
