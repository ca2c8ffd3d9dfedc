/**
 * Runs the per-page CPU work of a retrieval (JSON check, record count, ids, gzip, SHA-256) in
 * worker threads, so that parsing a million records does not serialise behind the single thread
 * that drives the HTTP requests. The work itself is `workers/page-digest.mjs`, shared with the
 * in-thread path.
 *
 * @module
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ParsedPage } from '../../sources/activities-api/request.js';

/** Compression level of kept pages: the fastest. Integrity rests on the SHA-256s, not on the codec. */
export const GZIP_LEVEL = 1;

/** What the digester adds to a parsed page for the evidence. */
export interface PageEvidence {
  readonly gz: Buffer;
  readonly sha256: string;
  readonly bodySha256: string;
  /** Graph's `@odata.nextLink` of the page, `null` on the last page (and for the Activities API). */
  readonly nextLink: string | null;
}

type DigestResult =
  | {
      ok: true;
      count: number;
      ids: string[];
      firstTimeStamp: string | null;
      nextLink: string | null;
      gz: Uint8Array;
      sha256: string;
      bodySha256: string;
    }
  | { ok: false; invalid: string };

export interface PageDigester {
  readonly parse: (body: Buffer) => Promise<ParsedPage>;
  close(): Promise<void>;
}

// The module sits at the package root, one level above both src/ and dist/.
const MODULE_URL = new URL('../../../workers/page-digest.mjs', import.meta.url);

/**
 * A pool of `workers` threads (0: digest in this thread). Pages go to the least busy worker;
 * results keep no reference to the request body.
 */
export async function createPageDigester(workers = defaultWorkers()): Promise<PageDigester> {
  if (workers <= 0) {
    const mod = (await import(MODULE_URL.href)) as {
      digestPage: (b: Uint8Array, level: number) => DigestResult;
    };
    return { parse: async (body) => toParsed(mod.digestPage(body, GZIP_LEVEL)), close: async () => {} };
  }
  const pool = Array.from({ length: workers }, () => {
    const worker = new Worker(MODULE_URL);
    const pending = new Map<number, { resolve: (r: DigestResult) => void; reject: (e: Error) => void }>();
    const slot = { worker, pending, dead: null as Error | null, closing: false };
    worker.on('message', (m: { id: number; result: DigestResult }) => {
      pending.get(m.id)?.resolve(m.result);
      pending.delete(m.id);
    });
    // A worker that failed (out of memory, a crash) takes no more pages: its waiting pages fail
    // now, instead of the retrieval waiting for answers that never come.
    const fail = (err: Error) => {
      slot.dead ??= err;
      for (const p of pending.values()) p.reject(err);
      pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (!slot.closing) fail(new Error(`the page digest worker stopped (exit code ${code})`));
    });
    return slot;
  });
  let nextId = 0;
  return {
    parse: (body) => {
      const live = pool.filter((p) => p.dead === null);
      if (live.length === 0)
        return Promise.reject(new Error(`cannot digest pages: ${pool[0]!.dead!.message}`));
      const slot = live.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
      const id = nextId++;
      return new Promise<DigestResult>((resolve, reject) => {
        slot.pending.set(id, { resolve, reject });
        // A copy goes to the worker: the caller keeps the body (it is retried or logged on failure).
        slot.worker.postMessage({ id, body: new Uint8Array(body), gzipLevel: GZIP_LEVEL });
      }).then(toParsed);
    },
    close: async () => {
      for (const p of pool) p.closing = true;
      await Promise.all(pool.map((p) => p.worker.terminate()));
    },
  };
}

function toParsed(r: DigestResult): ParsedPage {
  if (!r.ok) return { invalid: r.invalid };
  const gz = Buffer.from(r.gz.buffer, r.gz.byteOffset, r.gz.byteLength);
  const extra: PageEvidence = { gz, sha256: r.sha256, bodySha256: r.bodySha256, nextLink: r.nextLink };
  return { count: r.count, ids: r.ids, firstTimeStamp: r.firstTimeStamp, extra };
}

/** One worker per core (the thread driving the requests is mostly waiting), at most four. */
function defaultWorkers(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}
