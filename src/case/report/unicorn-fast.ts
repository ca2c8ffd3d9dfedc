/**
 * The Magic Unicorn reports of CrowdStrike CSVs in one pass over the bytes (the `unicorn` fast
 * path). The CSV is read in chunks (unicorn-chunk-reader.ts): each record is split with a byte
 * loop (csv-bytes.ts), its TimeStamp read and only the wanted CustomProperties located
 * (unicorn-props.ts), into integer descriptors beside the bytes. On the main thread each
 * record's ActivityIdType decides what is used (unicorn-row-scanner.ts): messages and sessions go
 * into a compact, typed-array index of interned byte strings (analyses/unicorn/compact-index.ts);
 * logon rows are written at once; search, read and attachment rows wait in a binary scratch file
 * (their IP and message are known only at the end of the file) and are written after the pass
 * (unicorn-fast-output.ts), the by-item table grouped in bounded windows (unicorn-by-item.ts).
 * No JS object is made per record, and memory grows only with messages and sessions, never with
 * the number of records or rows.
 *
 * On large inputs the reading and the by-item table run in a worker thread
 * (unicorn-scan-source.ts), beside the main thread's index and other tables; the outputs are
 * the same either way.
 *
 * Anything the scan is unsure of throws {@link FastScanUnsupported} and the caller uses the
 * general path instead, so the outputs are those of `emitUnicornRows` over `createIndexPass`.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { UnicornCompactIndex } from '../../analyses/unicorn/compact-index.js';
import type { SessionOptions } from '../../analyses/sessions/sessions.js';
import { SpillFile } from './byte-files.js';
import { RowWriter, type FastOutputs } from './unicorn-fast-output.js';
import { RowScanner } from './unicorn-row-scanner.js';
import { inlineSource, workerSource } from './unicorn-scan-source.js';

export interface FastScanOptions {
  readonly sessions?: SessionOptions;
  readonly signal?: AbortSignal;
  /** Scratch bytes kept in memory before spilling to disk (tests make it tiny). */
  readonly spillBytes?: number;
  /** Largest by-item window held in memory (tests make it tiny). */
  readonly windowBytes?: number;
  /** Groups per by-item scratch file, as a power of two (tests make it tiny). */
  readonly bucketBits?: number;
  /** Read in a worker thread; default: when the inputs are large and a second core is free. */
  readonly scanThread?: boolean;
  /** Bytes of CSV per chunk (tests make it tiny: records then straddle many chunks). */
  readonly chunkBytes?: number;
}

/**
 * True when another thread would get a core of its own: two threads cost about a quarter more
 * CPU time than one (a second Node environment, code compiled twice, hand-overs), which pays
 * only when they run side by side; on a machine whose cores are all busy they would just take
 * turns. (The outputs are the same either way: this only decides the speed.)
 *
 * What counts is the load now, not the one-minute average, which still shows a job that has
 * just ended (a Python report run right before, say) for a minute after. On Linux the kernel
 * tells how many threads are runnable at this instant (/proc/loadavg); this process's own
 * helper threads come and go, so the fewest of a few readings is taken. Elsewhere the average
 * has to do.
 */
function secondCoreFree(): boolean {
  const cores = availableParallelism();
  if (cores < 2) return false;
  const now = runnableNow();
  return now !== null ? now <= cores - 1 : loadavg()[0]! <= cores - 1;
}

/** The fewest runnable threads (this one included) over a few instant readings; null off Linux. */
function runnableNow(): number | null {
  let fewest = Infinity;
  for (let i = 0; i < 16; i++) {
    let text: string;
    try {
      text = readFileSync('/proc/loadavg', 'latin1');
    } catch {
      return null;
    }
    // "0.61 1.66 2.48 2/80 22865": the fourth field is runnable/total.
    const runnable = Number.parseInt(text.split(' ')[3] ?? '', 10);
    if (!Number.isFinite(runnable)) return null;
    fewest = Math.min(fewest, runnable);
  }
  return fewest;
}

/** Below this many input bytes a worker thread costs more to start than it saves. */
const THREAD_MIN_BYTES = 16 << 20;
const CHUNK_BYTES = 1 << 20;

/**
 * Writes the five reports of `inputs` (CrowdStrike CSVs, read in order as one stream) to
 * `outputs`. Throws FastScanUnsupported when an input is not plainly readable this way.
 */
export async function scanUnicornFast(
  inputs: readonly string[],
  outputs: FastOutputs,
  options: FastScanOptions = {},
): Promise<{ events: number }> {
  const chunkBytes = Math.max(1, options.chunkBytes ?? CHUNK_BYTES);
  const threaded =
    options.scanThread ??
    (secondCoreFree() && inputs.reduce((n, p) => n + statSync(p).size, 0) >= THREAD_MIN_BYTES);
  const source = threaded ? workerSource(inputs, chunkBytes) : inlineSource(inputs, chunkBytes);
  const idx = new UnicornCompactIndex(options.sessions);
  const scratch = `${outputs.scratchPrefix}.${randomBytes(4).toString('hex')}`;
  const spill = new SpillFile(`${scratch}.rows`, options.spillBytes);
  try {
    const rows = new RowScanner(idx, outputs, spill);
    for (;;) {
      const chunk = await source.next();
      if (chunk === null) break;
      options.signal?.throwIfAborted();
      rows.chunk(chunk);
      source.release(chunk);
    }
    idx.finish();
    const sink = source.byItem(outputs.byItem.handOff(), `${scratch}.byitem`, {
      spillBytes: options.spillBytes,
      windowBytes: options.windowBytes,
      bucketBits: options.bucketBits,
    });
    new RowWriter(idx, outputs, sink).writeDeferred(spill);
    spill.dispose();
    await source.finishByItem();
    return { events: idx.events };
  } finally {
    spill.dispose();
    await source.close();
  }
}
