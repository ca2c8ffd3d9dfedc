/**
 * Stable event identity. An event id is derived from *what the record says*, never from where it
 * was read, so the same activity imported from a CrowdStrike CSV, from a JSON page and from a
 * fresh retrieval gets the same id and is stored once.
 *
 * @module
 */
import { createHash } from 'node:crypto';

/** 32 lower-case hex characters (128 bits of SHA-256). */
export type EventId = string & { readonly __eventId: unique symbol };

/**
 * Builds an event id from a record family (`activities`, `ual`, `signin`) and the identifying
 * parts of the record. `occurrence` tells apart records that are identical in every field: the
 * n-th identical copy inside one evidence file gets occurrence n, so re-imports and overlapping
 * files agree on ids while true duplicates inside a file are all kept.
 */
export function eventId(
  family: string,
  parts: readonly (string | null | undefined)[],
  occurrence = 0,
): EventId {
  const h = createHash('sha256');
  h.update(family);
  for (const p of parts) {
    // A separator that cannot occur in text, and a distinct marker for null, so that
    // ['a', null] and ['a', ''] and ['a\u0000'] never collide.
    h.update(p == null ? '\u0001\u0000' : `\u0002${p}\u0000`);
  }
  if (occurrence > 0) h.update(`#${occurrence}`);
  return h.digest('hex').slice(0, 32) as EventId;
}

/** Lower-case hex SHA-256 of text (UTF-8) or bytes. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
