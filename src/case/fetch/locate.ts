/**
 * Where an acquisition's evidence goes: inside the case (`evidence/acquisitions/<id>`), in the
 * directory given by `--out`, or beside the CSV (`<csv>.acquisition`). Evidence is always kept,
 * whatever output the user asked for, so a retrieval can be verified and resumed.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../errors.js';
import { isFinished, latestUnfinished, newAcquisitionId } from './acquisition-state.js';

export interface LocateInput {
  readonly caseDir?: string;
  readonly outDir?: string;
  readonly csv?: string;
  readonly resume: boolean;
  readonly now: Date;
  /** Which checkpoints `--resume` may continue in a case (default: the Activities retriever's). */
  readonly kind?: { format: string; source?: string };
  /** Appended to a new acquisition id in a case (`-audit`), so the directory says what it holds. */
  readonly idSuffix?: string;
}

export async function locateAcquisition(input: LocateInput): Promise<string> {
  if (input.caseDir !== undefined) {
    const root = join(input.caseDir, 'evidence', 'acquisitions');
    if (input.resume) {
      const dir = await latestUnfinished(root, input.kind);
      if (!dir)
        throw new UsageError(`[fetch] --resume: the case ${input.caseDir} has no unfinished acquisition`);
      return dir;
    }
    return join(root, `${newAcquisitionId(input.now)}${input.idSuffix ?? ''}`);
  }
  const dir = input.outDir ?? (input.csv !== undefined ? `${input.csv}.acquisition` : undefined);
  if (dir === undefined)
    throw new UsageError('[fetch] say where the evidence goes: --case DIR, --out DIR or --csv FILE');
  const hasCheckpoint = existsSync(join(dir, 'checkpoint.json'));
  if (input.resume && !hasCheckpoint)
    throw new UsageError(`[fetch] --resume: ${dir} holds no checkpoint to resume`);
  if (!input.resume && hasCheckpoint) {
    throw new UsageError(
      isFinished(dir)
        ? `[fetch] ${dir} already holds an acquisition; choose another --out/--csv or a case`
        : `[fetch] ${dir} holds an unfinished acquisition; add --resume to continue it`,
    );
  }
  return dir;
}
