/**
 * Imports a Graph acquisition (`fetch audit`: audit log query record pages; `fetch signins`:
 * sign-in pages) into a case: its files are registered as evidence and checked against the
 * SHA-256s of its summary, then every page is read by the audit readers (`ual-graph-json`,
 * `entra-signin-json`) and normalized like any exported file, in one run. Records returned by
 * two slices (adjacent audit windows may share their boundary instant) are stored once: audit
 * identity is the record id. Importing the same acquisition again adds nothing.
 *
 * @module
 */
import { ADAPTER_OF_AUDIT_FORMAT, type AuditFileFormat } from '../sources/audit/index.js';
import { importAcquisitionUnit } from './acquisition-unit.js';
import { readGraphAcquisitionManifest } from './graph-acquisition-manifest.js';
import { ingestAuditFile } from './import-audit.js';
import type { ImportOptions, UnitResult } from './import-types.js';
import type { Case } from './open-case.js';

const FORMAT_OF_SOURCE = {
  audit: 'ual-graph-json',
  signins: 'entra-signin-json',
} as const satisfies Record<'audit' | 'signins', AuditFileFormat>;

export async function importGraphAcquisition(
  handle: Case,
  acqDir: string,
  opts: Omit<ImportOptions, 'format' | 'mailbox'> = {},
): Promise<UnitResult> {
  return importAcquisitionUnit(handle, acqDir, opts, {
    format: 'graph',
    read: readGraphAcquisitionManifest,
    formatOf: (acq) => FORMAT_OF_SOURCE[acq.source],
    extraFiles: (acq) => acq.queries,
    pages: (acq) => acq.pages,
    ingestPage: (_page, at, ctx) =>
      ingestAuditFile(at.path, ctx.format as AuditFileFormat, {
        write: ctx.write,
        runId: ctx.runId,
        counters: ctx.counters,
        displayName: at.file,
        ...(ctx.signal ? { signal: ctx.signal } : {}),
        onProgress: ctx.onProgress,
      }),
    describe: (acq, rel, format) => ({
      acquisition: rel,
      id: acq.id,
      source: acq.source,
      adapter: ADAPTER_OF_AUDIT_FORMAT[format as AuditFileFormat],
      complete: acq.complete,
      pages: acq.pages.length,
      queries: acq.queries.length,
      missingSlices: acq.missingSlices,
      ...(acq.unverifiedSlices?.length
        ? {
            unverifiedSlices: acq.unverifiedSlices,
            countShortfallAccepted: acq.countShortfallAccepted === true,
          }
        : {}),
      ...(acq.expected !== undefined ? { expected: acq.expected } : {}),
      ...(acq.uniqueRecords !== undefined ? { uniqueRecords: acq.uniqueRecords } : {}),
    }),
    // Slices short of the service's count are not known to be complete, unless the examiner
    // accepted the shortfall when retrieving.
    complete: (acq) => acq.complete && (!acq.unverifiedSlices?.length || acq.countShortfallAccepted === true),
  });
}
