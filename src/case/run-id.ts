/**
 * Run identifiers: sortable by time (`20261122T100000Z`), unique by a random suffix, and
 * readable in an event's `source.ingestId`.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';

export function newRunId(kind: 'import' | 'acquisition', now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${kind === 'import' ? 'imp' : 'acq'}-${randomBytes(3).toString('hex')}`;
}
