/**
 * The worker-thread side of the `unicorn` fast path (started by unicorn-scan-source.ts through
 * workers/unicorn-scan.mjs): it reads the CSVs into chunks (unicorn-chunk-reader.ts) ahead of
 * the main thread, a few buffers at a time, and once the main thread has finished the index it
 * writes the by-item table (unicorn-by-item.ts) from the batches the main thread sends.
 *
 * Messages in: `free` (a chunk's buffers, given back), `byitem` (start: file descriptor, scratch
 * prefix, options), `side` (a batch), `finish`. Out: `chunk`, `end`, `done`, `error`. Spent
 * batches go back on the `recycle` port, and every batch consumed is counted in `consumed[0]`
 * (`consumed[1]` = 1 after a failure), so the main thread can wait for room synchronously.
 *
 * @module
 */
import type { MessagePort } from 'node:worker_threads';
import { FdWriter } from './byte-files.js';
import { ByItemWriter, type ByItemOptions } from './unicorn-by-item.js';
import { ChunkReader, chunkBuffers, type ChunkBuffers, type ScannedChunk } from './unicorn-chunk-reader.js';

export interface ScanThreadData {
  readonly paths: readonly string[];
  readonly chunkBytes: number;
  /** Chunks read ahead (buffers in flight). */
  readonly sets: number;
  readonly consumed: SharedArrayBuffer;
  readonly recycle: MessagePort;
}

export type ScanThreadMessage =
  | { type: 'free'; data: ArrayBuffer; desc: ArrayBuffer; ms: ArrayBuffer }
  | { type: 'byitem'; fd: number; sidePath: string; options: ByItemOptions }
  | { type: 'side'; data: ArrayBuffer; len: number }
  | { type: 'finish' };

/** What the thread posts. */
export type ScanThreadReply =
  { type: 'chunk'; chunk: ScannedChunk } | { type: 'end' } | { type: 'done' } | PostedError;

/** An error as posted to the main thread (its class name, message and system error fields). */
export interface PostedError {
  type: 'error';
  name: string;
  message: string;
  code?: unknown;
  path?: unknown;
}

export function postedError(err: unknown): PostedError {
  const e = err instanceof Error ? err : new Error(String(err));
  const sys = e as Error & { code?: unknown; path?: unknown };
  return { type: 'error', name: e.name, message: e.message, code: sys.code, path: sys.path };
}

/** Runs the thread's side of the protocol on `port` (the worker's parentPort). */
export function runScanThread(port: MessagePort, data: ScanThreadData): void {
  const reader = new ChunkReader(data.paths);
  const free: ChunkBuffers[] = [];
  for (let i = 0; i < data.sets; i++) free.push(chunkBuffers(data.chunkBytes));
  const consumed = new Int32Array(data.consumed);
  let reading = true;
  let byItem: ByItemWriter | null = null;
  let out: FdWriter | null = null;

  const fail = (err: unknown) => {
    reading = false;
    reader.close();
    Atomics.store(consumed, 1, 1);
    Atomics.notify(consumed, 0);
    port.postMessage(postedError(err));
  };

  const pump = () => {
    try {
      while (reading && free.length > 0) {
        const chunk = reader.fill(free.pop()!);
        if (chunk === null) {
          reading = false;
          port.postMessage({ type: 'end' });
          return;
        }
        port.postMessage({ type: 'chunk', chunk }, [chunk.data, chunk.desc, chunk.ms]);
      }
    } catch (err) {
      fail(err);
    }
  };

  port.on('message', (m: ScanThreadMessage) => {
    try {
      if (m.type === 'free') {
        free.push({ data: m.data, desc: m.desc, ms: m.ms });
        pump();
      } else if (m.type === 'byitem') {
        byItem = new ByItemWriter(reader.items, m.sidePath, m.options);
        out = new FdWriter(m.fd);
      } else if (m.type === 'side') {
        if (Atomics.load(consumed, 1) === 0) byItem!.consume(Buffer.from(m.data), m.len);
        data.recycle.postMessage(m.data, [m.data]);
        Atomics.add(consumed, 0, 1);
        Atomics.notify(consumed, 0);
      } else if (Atomics.load(consumed, 1) === 0) {
        byItem!.finish(out!);
        byItem!.dispose();
        port.postMessage({ type: 'done' });
      }
    } catch (err) {
      byItem?.dispose();
      fail(err);
    }
  });
  pump();
}
