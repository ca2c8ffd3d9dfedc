/**
 * Reads a Graph acquisition's `acquisition.json` (`fetch audit`, `fetch signins`;
 * docs/acquisition-format.md) and checks the fields the importer relies on, naming the field that
 * is wrong.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FormatError } from '../errors.js';

export const GRAPH_ACQUISITION_FORMAT = 'mailtrail-graph-acquisition';

export interface GraphManifestFile {
  readonly file: string;
  readonly sha256?: string;
  readonly slice?: string;
  readonly request?: string;
  readonly records?: number;
}

export interface GraphAcquisitionManifest {
  readonly format: typeof GRAPH_ACQUISITION_FORMAT;
  readonly version: 1;
  readonly source: 'audit' | 'signins';
  readonly id: string;
  readonly complete: boolean;
  readonly missingSlices: readonly string[];
  /** Complete slices that received clearly fewer records than the service counted (newer files). */
  readonly unverifiedSlices?: readonly string[];
  /** The retrieval was told to accept such shortfalls (`--accept-count-shortfall`). */
  readonly countShortfallAccepted?: boolean;
  readonly pages: readonly GraphManifestFile[];
  readonly queries: readonly GraphManifestFile[];
  readonly records?: number;
  readonly uniqueRecords?: number;
  readonly expected?: number | null;
}

/** The `format` field of an acquisition directory's summary, or undefined when it has none. */
export async function acquisitionFormat(dir: string): Promise<string | undefined> {
  try {
    const a = JSON.parse(await readFile(join(dir, 'acquisition.json'), 'utf8')) as { format?: unknown };
    return typeof a.format === 'string' ? a.format : undefined;
  } catch {
    return undefined;
  }
}

export async function readGraphAcquisitionManifest(dir: string): Promise<GraphAcquisitionManifest> {
  const path = join(dir, 'acquisition.json');
  let a: Record<string, unknown>;
  try {
    a = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new FormatError(`[import] Cannot read ${path}: ${(err as Error).message}`, { cause: err });
  }
  const bad = (field: string, why: string) => new FormatError(`[import] ${path}: field ${field} ${why}`);
  if (a.format !== GRAPH_ACQUISITION_FORMAT) throw bad('format', `is not "${GRAPH_ACQUISITION_FORMAT}"`);
  if (a.version !== 1)
    throw bad('version', `is ${JSON.stringify(a.version)}; this mailtrail reads version 1`);
  if (a.source !== 'audit' && a.source !== 'signins') throw bad('source', 'is not "audit" or "signins"');
  if (typeof a.id !== 'string' || !/^[A-Za-z0-9._-]+$/.test(a.id))
    throw bad('id', 'is missing or not a plain name');
  if (typeof a.complete !== 'boolean') throw bad('complete', 'is not true or false');
  if (!Array.isArray(a.missingSlices)) throw bad('missingSlices', 'is not a list');
  if (a.unverifiedSlices !== undefined && !Array.isArray(a.unverifiedSlices))
    throw bad('unverifiedSlices', 'is not a list');
  if (a.countShortfallAccepted !== undefined && typeof a.countShortfallAccepted !== 'boolean')
    throw bad('countShortfallAccepted', 'is not true or false');
  for (const list of ['pages', 'queries'] as const) {
    const v = a[list];
    if (!Array.isArray(v)) throw bad(list, 'is not a list');
    v.forEach((p: unknown, i) => {
      const o = p as Record<string, unknown> | null;
      if (!o || typeof o.file !== 'string' || o.file.includes('..') || o.file.startsWith('/'))
        throw bad(`${list}[${i}].file`, 'is missing or leaves the acquisition directory');
    });
  }
  return a as unknown as GraphAcquisitionManifest;
}
