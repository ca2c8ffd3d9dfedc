/**
 * Keeps a pre-flight check as evidence in a case: under `evidence/preflight/<run id>/` every raw
 * response body byte for byte (`NN-<probe>.body`), `exchanges.jsonl` with each request (without
 * its `Authorization` header), status, response headers, body file and SHA-256, and
 * `preflight.json`, the result. All files are written to a temporary name and renamed, made
 * read-only, hashed into the manifest, and the run is noted in the case ledger, so
 * `mailtrail case verify` covers them.
 *
 * @module
 */
import { chmod, mkdir } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { writeFileAtomic } from '../atomic-write.js';
import { inCase } from '../case-layout.js';
import type { Case } from '../open-case.js';
import type { RawExchange } from './probe-client.js';

export const PREFLIGHT_DIR = 'evidence/preflight';

/** A sortable, unique id for one check, e.g. `20261122T120000Z-pre-a1b2c3`. */
export function preflightRunId(now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${stamp}-pre-${randomBytes(3).toString('hex')}`;
}

const safe = (s: string) => s.replace(/[^A-Za-z0-9._@-]+/g, '_').slice(0, 80);

export interface KeptExchange {
  readonly probe: string;
  readonly file: string;
  readonly sha256: string;
}

/** Writes the raw exchanges; returns where each body went (case-relative). */
export async function writeRawExchanges(
  handle: Case,
  runId: string,
  raw: readonly RawExchange[],
): Promise<{ dir: string; kept: KeptExchange[] }> {
  const dir = `${PREFLIGHT_DIR}/${runId}`;
  await mkdir(inCase(handle.dir, dir), { recursive: true });
  const kept: KeptExchange[] = [];
  const lines: string[] = [];
  for (const [i, x] of raw.entries()) {
    const file = `${dir}/${String(i + 1).padStart(2, '0')}-${safe(x.probe)}.body`;
    await writeFileAtomic(inCase(handle.dir, file), x.body);
    await chmod(inCase(handle.dir, file), 0o444);
    kept.push({ probe: x.probe, file, sha256: x.sha256 });
    lines.push(
      JSON.stringify({
        probe: x.probe,
        at: x.at,
        request: x.request,
        attempts: x.attempts,
        status: x.status,
        headers: x.headers,
        body: file,
        size: x.body.length,
        sha256: x.sha256,
      }),
    );
  }
  const ledger = `${dir}/exchanges.jsonl`;
  await writeFileAtomic(inCase(handle.dir, ledger), lines.join('\n') + (lines.length ? '\n' : ''));
  await chmod(inCase(handle.dir, ledger), 0o444);
  return { dir, kept };
}

/** Writes the result file and registers everything in the manifest. */
export async function registerPreflight(
  handle: Case,
  dir: string,
  kept: readonly KeptExchange[],
  result: unknown,
): Promise<number> {
  const resultFile = `${dir}/preflight.json`;
  await writeFileAtomic(inCase(handle.dir, resultFile), JSON.stringify(result, null, 2) + '\n');
  await chmod(inCase(handle.dir, resultFile), 0o444);
  const files = [
    ...kept.map((k) => ({ path: k.file, kind: 'acquisition-page' as const })),
    { path: `${dir}/exchanges.jsonl`, kind: 'acquisition-page' as const },
    { path: resultFile, kind: 'acquisition-page' as const },
  ];
  await handle.registerEvidenceFiles(files);
  return files.length;
}
