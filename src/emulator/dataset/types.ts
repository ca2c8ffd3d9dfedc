/**
 * The emulator's data set: activities per mailbox, each exactly as the API returned it. The same
 * shape is the `--data` file format, `{"mailboxes": {"upn": [activity, …]}}`.
 *
 * @module
 */
import type { Activity } from '../../sources/activities-api/activity.js';

/** Activities per mailbox UPN. Order inside a list is free: the server sorts. */
export interface Dataset {
  readonly mailboxes: Readonly<Record<string, readonly Activity[]>>;
}

/**
 * A slice of a data set. Generators yield chunks so that a million activities can be written or
 * loaded without ever being in memory as objects at once. A mailbox may span several chunks, which
 * must follow each other (the file format lists each mailbox once); mailbox order is the order of
 * first appearance.
 */
export interface DatasetChunk {
  readonly mailbox: string;
  readonly activities: readonly Activity[];
}

/** Either form of data the emulator and the writer accept. */
export type DatasetSource = Dataset | Iterable<DatasetChunk>;

/** Normalizes a {@link DatasetSource} into chunks. */
export function* chunksOf(source: DatasetSource): Iterable<DatasetChunk> {
  if ('mailboxes' in source) {
    for (const [mailbox, activities] of Object.entries(source.mailboxes)) yield { mailbox, activities };
  } else {
    yield* source;
  }
}
