/**
 * Where the `unicorn` fast path's chunks come from and where its by-item table is written: in a
 * worker thread for large inputs (the reading then overlaps the main thread's index work, and the
 * by-item table overlaps the other tables: two cores instead of one), inline for small ones (a
 * thread costs more to start than they take). Both give the main thread the same chunks in the
 * same order, so the outputs do not depend on the choice.
 *
 * Memory stays bounded either way: a fixed number of chunk buffers circulate between the threads,
 * and the main thread waits (Atomics.wait) before it has more than a few by-item batches in flight.
 *
 * @module
 */
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import { FdWriter } from './byte-files.js';
import { FastScanUnsupported } from './csv-bytes.js';
import { ByItemWriter, type ByItemOptions } from './unicorn-by-item.js';
import { ChunkReader, chunkBuffers, type ScannedChunk } from './unicorn-chunk-reader.js';
import type { SideSink } from './unicorn-fast-output.js';
import type {
  PostedError,
  ScanThreadData,
  ScanThreadMessage,
  ScanThreadReply,
} from './unicorn-scan-thread.js';

export interface ScanSource {
  /** The next chunk of records; null after the last. */
  next(): Promise<ScannedChunk | null>;
  /** Gives a chunk's buffers back once its records are processed. */
  release(chunk: ScannedChunk): void;
  /** Starts the by-item table, written to file descriptor `fd`; returns where its batches go. */
  byItem(fd: number, sidePath: string, options: ByItemOptions): SideSink;
  /** Resolves once the by-item table is written (after the last batch). */
  finishByItem(): Promise<void>;
  /** Stops the thread (if any) and removes scratch files; safe to call at any time. */
  close(): Promise<void>;
}

/** Reading in this thread. */
export function inlineSource(paths: readonly string[], chunkBytes: number): ScanSource {
  const reader = new ChunkReader(paths);
  const set = chunkBuffers(chunkBytes);
  let writer: ByItemWriter | null = null;
  let out: FdWriter | null = null;
  return {
    next: async () => {
      // One turn of the event loop a chunk, so that an interrupt is seen.
      await new Promise((resolve) => setImmediate(resolve));
      return reader.fill(set);
    },
    release: () => {},
    byItem: (fd, sidePath, options) => {
      writer = new ByItemWriter(reader.items, sidePath, options);
      out = new FdWriter(fd);
      return (buf, len) => {
        writer!.consume(buf, len);
        return buf;
      };
    },
    finishByItem: async () => writer!.finish(out!),
    close: async () => {
      reader.close();
      writer?.dispose();
    },
  };
}

// The entry sits at the package root, one level above both src/ and dist/.
const ENTRY_URL = new URL('../../../workers/unicorn-scan.mjs', import.meta.url);
const MODULE_URL = new URL(
  `./unicorn-scan-thread${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`,
  import.meta.url,
);
/** By-item batches sent but not yet consumed before the main thread waits. */
const MAX_IN_FLIGHT = 8;

/** Reading in a worker thread, `sets` chunks ahead. */
export function workerSource(paths: readonly string[], chunkBytes: number, sets = 3): ScanSource {
  const consumedSab = new SharedArrayBuffer(8);
  const consumed = new Int32Array(consumedSab);
  const recycle = new MessageChannel();
  const data: ScanThreadData = { paths, chunkBytes, sets, consumed: consumedSab, recycle: recycle.port2 };
  const worker = new Worker(ENTRY_URL, {
    workerData: { ...data, module: MODULE_URL.href },
    transferList: [recycle.port2],
    // The thread makes little garbage: a small young generation keeps its memory small.
    resourceLimits: { maxYoungGenerationSizeMb: 4 },
  });
  const chunks: ScannedChunk[] = [];
  let ended = false;
  let failure: Error | null = null;
  let byItemDone = false;
  let wake: (() => void) | null = null;
  const settle = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  worker.on('message', (m: ScanThreadReply) => {
    if (m.type === 'chunk') chunks.push(m.chunk);
    else if (m.type === 'end') ended = true;
    else if (m.type === 'done') byItemDone = true;
    else failure ??= rebuild(m);
    settle();
  });
  worker.on('error', (err) => {
    failure ??= err;
    settle();
  });
  worker.on('exit', (code) => {
    failure ??= new Error(`[unicorn] The scan thread stopped (exit code ${code})`);
    settle();
  });
  const until = async (ready: () => boolean): Promise<void> => {
    while (!ready() && failure === null) await new Promise<void>((resolve) => (wake = resolve));
  };
  let sent = 0;
  const post = (m: ScanThreadMessage, transfer: ArrayBuffer[] = []) => worker.postMessage(m, transfer);
  return {
    next: async () => {
      await until(() => chunks.length > 0 || ended);
      if (chunks.length > 0) return chunks.shift()!;
      if (failure) throw failure;
      return null;
    },
    release: (c) => post({ type: 'free', data: c.data, desc: c.desc, ms: c.ms }, [c.data, c.desc, c.ms]),
    byItem: (fd, sidePath, options) => {
      post({ type: 'byitem', fd, sidePath, options });
      return (buf, len) => {
        // Room for one more batch in flight (the thread counts what it consumed).
        for (;;) {
          if (Atomics.load(consumed, 1) !== 0) return buf; // failed: finishByItem reports why
          const done = Atomics.load(consumed, 0);
          if (sent - done < MAX_IN_FLIGHT) break;
          Atomics.wait(consumed, 0, done, 1000);
        }
        const owned = buf.byteOffset === 0 && buf.length === buf.buffer.byteLength;
        const ab = owned ? (buf.buffer as ArrayBuffer) : new Uint8Array(buf.subarray(0, len)).buffer;
        post({ type: 'side', data: ab, len }, [ab]);
        sent++;
        const back = receiveMessageOnPort(recycle.port1)?.message as ArrayBuffer | undefined;
        return Buffer.from(back ?? new ArrayBuffer(buf.length));
      };
    },
    finishByItem: async () => {
      post({ type: 'finish' });
      await until(() => byItemDone);
      if (!byItemDone) throw failure!;
    },
    close: async () => {
      recycle.port1.close();
      await worker.terminate();
    },
  };
}

/** The main-thread error for an error posted by the thread. */
function rebuild(m: PostedError): Error {
  if (m.name === 'FastScanUnsupported') return new FastScanUnsupported(m.message);
  const err = new Error(m.message) as Error & { code?: unknown; path?: unknown };
  if (m.code !== undefined) err.code = m.code;
  if (m.path !== undefined) err.path = m.path;
  return err;
}
