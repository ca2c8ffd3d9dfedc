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
}

export async function locateAcquisition(input: LocateInput): Promise<string> {
  if (input.caseDir !== undefined) {
    const root = join(input.caseDir, 'evidence', 'acquisitions');
    if (input.resume) {
      const dir = await latestUnfinished(root);
      if (!dir)
        throw new UsageError(`[fetch] --resume: the case ${input.caseDir} has no unfinished acquisition`);
      return dir;
    }
    return join(root, newAcquisitionId(input.now));
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
