/**
 * What every `fetch` command does around its retrieval: reading the period flags, creating the
 * case on first use, and importing the finished acquisition into the case.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { StoreError, UsageError } from '../../errors.js';
import { parseInstant } from '../../model/time.js';
import { redactArgv } from '../../sources/_http/credentials.js';
import { importAcquisition } from '../import-acquisition.js';
import { initCase, openCase } from '../open-case.js';

/**
 * Creates the case when the directory does not exist yet; refuses a directory that is not a case.
 * The case ledger records the command with its credentials redacted.
 */
export async function ensureCase(caseDir: string, argv: readonly string[]): Promise<void> {
  if (existsSync(join(caseDir, 'manifest.json'))) return;
  const handle = await initCase(caseDir, {}, { command: redactArgv(argv) });
  await handle.close();
}

/** An ISO 8601 instant flag, normalized; a usage error naming the flag otherwise. */
export function isoOrThrow(flag: string, value: string): string {
  const t = parseInstant(value);
  if (!t)
    throw new UsageError(
      `[fetch] ${flag} ${JSON.stringify(value)} is not an ISO 8601 date-time (e.g. 2018-06-01T00:00:00Z)`,
    );
  return t;
}

export interface ImportedAcquisition {
  readonly caseDir: string;
  readonly newEvents: number;
  readonly duplicates: number;
  readonly issues: number;
}

/**
 * Imports an acquisition already kept inside the case (registers and hashes its files, stores the
 * normalized events). An incomplete acquisition is imported too, and flagged as such.
 */
export async function importIntoCase(
  caseDir: string,
  dir: string,
  ctx: { argv: readonly string[]; env: NodeJS.ProcessEnv; signal?: AbortSignal },
): Promise<ImportedAcquisition> {
  const handle = await openCase(caseDir, { command: redactArgv(ctx.argv), env: ctx.env });
  try {
    const unit = await importAcquisition(handle, dir, ctx.signal ? { signal: ctx.signal } : {});
    if (unit.status !== 'imported') {
      throw new StoreError(
        `[fetch] the evidence was kept in ${dir}, but importing it into the case failed: ${unit.error?.message ?? unit.status}`,
      );
    }
    return {
      caseDir: handle.dir,
      newEvents: unit.inserted,
      duplicates: unit.duplicates,
      issues: unit.issueCount,
    };
  } finally {
    await handle.close();
  }
}
