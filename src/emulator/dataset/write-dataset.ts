/**
 * Writes a data set in the `--data` format, streaming: one activity per line, waiting for the
 * destination to drain, so a generated million-record scenario is written with bounded memory.
 *
 * @module
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { chunksOf, type DatasetSource } from './types.js';

/** Resolves on 'drain' (or 'close', so a dead stream cannot hang us), removing both listeners. */
function drained(stream: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}

/** Counts of what was written. */
export interface WriteSummary {
  readonly mailboxes: number;
  readonly activities: number;
  readonly bytes: number;
}

/**
 * Writes `source` to a file path or an open stream (left open). Throws if a mailbox's chunks are
 * not contiguous, since the format can list a mailbox only once.
 */
export async function writeDataset(target: string | Writable, source: DatasetSource): Promise<WriteSummary> {
  const stream = typeof target === 'string' ? createWriteStream(target) : target;
  let failure: unknown = null;
  const onError = (err: unknown) => {
    failure = err;
  };
  stream.on('error', onError);
  let bytes = 0;
  const write = async (text: string) => {
    if (failure) throw failure;
    bytes += Buffer.byteLength(text);
    if (!stream.write(text)) await drained(stream);
    if (failure) throw failure;
  };
  const done = new Set<string>();
  let current: string | null = null;
  let activities = 0;
  let first = true;
  let pending = '{"mailboxes":{';
  for (const chunk of chunksOf(source)) {
    if (chunk.mailbox !== current) {
      if (done.has(chunk.mailbox))
        throw new Error(`writeDataset: the chunks of mailbox ${chunk.mailbox} are not contiguous`);
      pending += `${current === null ? '' : '\n],'}\n${JSON.stringify(chunk.mailbox)}:[`;
      current = chunk.mailbox;
      done.add(current);
      first = true;
    }
    for (const activity of chunk.activities) {
      pending += `${first ? '' : ','}\n${JSON.stringify(activity)}`;
      first = false;
      activities++;
      if (pending.length > 1 << 20) {
        await write(pending);
        pending = '';
      }
    }
  }
  pending += `${current === null ? '' : '\n]'}\n}}\n`;
  await write(pending);
  stream.off('error', onError);
  if (typeof target === 'string') {
    stream.end();
    await once(stream, 'finish');
  }
  return { mailboxes: done.size, activities, bytes };
}
