/**
 * Writes a finished acquisition's records as the CrowdStrike retriever's CSV, so existing Magic
 * Unicorn workflows keep working. Records come from the kept evidence pages (not from memory), in
 * retrieval order: ascending time, as LMG's fork requested and Magic Unicorn requires.
 *
 * @module
 */
import { createWriteStream } from 'node:fs';
import { readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { CrowdStrikeCsvWriter } from '../../sources/activities-files/crowdstrike-csv-writer.js';
import type { AcquisitionSummary } from './acquisition-state.js';

const gunzipAsync = promisify(gunzip);

/** Writes the CSV of one mailbox to `path` (temporary name, then rename). Returns the row count. */
export async function exportCrowdStrikeCsv(
  acquisitionDir: string,
  summary: AcquisitionSummary,
  mailbox: string,
  path: string,
): Promise<number> {
  const tmp = `${path}.partial-${process.pid}`;
  const writer = new CrowdStrikeCsvWriter(createWriteStream(tmp));
  try {
    for (const page of summary.pages) {
      if (page.mailbox !== mailbox) continue;
      const body = await gunzipAsync(await readFile(join(acquisitionDir, page.file)));
      const parsed = JSON.parse(body.toString('utf8')) as { value: Record<string, unknown>[] };
      for (const activity of parsed.value) await writer.write(activity);
    }
    await writer.end();
    await rename(tmp, path);
    return writer.count;
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/**
 * The CSV path for a mailbox. One mailbox: the path as given. Several: the path must contain
 * `{user}`, replaced by each mailbox, because the CrowdStrike CSV has no mailbox column and mixing
 * mailboxes in one file would lose which activity belongs to whom.
 */
export function csvPathFor(template: string, mailbox: string, mailboxCount: number): string | undefined {
  if (template.includes('{user}')) return template.replaceAll('{user}', mailbox);
  return mailboxCount === 1 ? template : undefined;
}
