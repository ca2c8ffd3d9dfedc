// @ts-check
/**
 * The CPU work done on every page a retrieval receives (Activities API, Graph audit records,
 * Graph sign-ins): check that the body is complete JSON with a `value` array, count its records,
 * collect their ids (`Id`, or Graph's `id`: to detect an unstable order and duplicates), read
 * Graph's `@odata.nextLink`, and, when asked, gzip the body and hash both forms for the evidence.
 *
 * Plain JavaScript on purpose: the same file runs in the retriever's thread and in worker
 * threads, from the sources under tsx and from the compiled package alike (worker threads do not
 * inherit TypeScript loaders).
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { isMainThread, parentPort } from 'node:worker_threads';

/**
 * @param {Uint8Array} body
 * @param {number | null} gzipLevel null: no compression and no hashes
 */
export function digestPage(body, gzipLevel) {
  const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  let parsed;
  try {
    parsed = JSON.parse(buf.toString('utf8'));
  } catch (err) {
    return {
      ok: false,
      invalid: `response body is not complete JSON (${/** @type {Error} */ (err).message})`,
    };
  }
  if (parsed === null || typeof parsed !== 'object' || !Array.isArray(parsed.value)) {
    return { ok: false, invalid: 'response body has no "value" array' };
  }
  /** @type {string[]} */
  const ids = [];
  for (const r of parsed.value) {
    if (r === null || typeof r !== 'object') continue;
    const id = typeof r.Id === 'string' ? r.Id : r.id;
    if (typeof id === 'string') ids.push(id);
  }
  const link = parsed['@odata.nextLink'];
  const nextLink = typeof link === 'string' ? link : null;
  const first = parsed.value[0];
  const firstTimeStamp =
    first && typeof first === 'object' && typeof first.TimeStamp === 'string' ? first.TimeStamp : null;
  if (gzipLevel === null) return { ok: true, count: parsed.value.length, ids, firstTimeStamp, nextLink };
  const compressed = gzipSync(buf, { level: gzipLevel });
  // Own the whole ArrayBuffer, so a worker can transfer it instead of copying it.
  const gz =
    compressed.byteLength === compressed.buffer.byteLength
      ? compressed
      : Buffer.from(new Uint8Array(compressed));
  return {
    ok: true,
    count: parsed.value.length,
    ids,
    firstTimeStamp,
    nextLink,
    gz,
    sha256: createHash('sha256').update(gz).digest('hex'),
    bodySha256: createHash('sha256').update(buf).digest('hex'),
  };
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  port.on('message', (/** @type {{ id: number, body: Uint8Array, gzipLevel: number | null }} */ m) => {
    const result = digestPage(m.body, m.gzipLevel);
    port.postMessage({ id: m.id, result }, result.ok && result.gz ? [result.gz.buffer] : []);
  });
}
