/**
 * Loads a `--data` file into memory as a {@link Dataset} (validated, see `readDatasetFile`).
 *
 * @module
 */
import type { Activity } from '../../sources/activities-api/activity.js';
import { readDatasetFile } from './read-dataset-file.js';
import type { Dataset } from './types.js';

/** Reads, validates and returns the data set of `path`; throws FormatError (exit 2) if bad. */
export async function loadDatasetFile(path: string): Promise<Dataset> {
  const mailboxes: Record<string, Activity[]> = {};
  const keys = await readDatasetFile(path, (mailbox, activity) => {
    (mailboxes[mailbox] ??= []).push(activity);
  });
  for (const key of keys) mailboxes[key] ??= [];
  return { mailboxes };
}
