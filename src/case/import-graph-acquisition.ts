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
import { resolve } from 'node:path';
import { ADAPTER_OF_AUDIT_FORMAT, type AuditFileFormat } from '../sources/audit/index.js';
import { caseRelative, inCase } from './case-layout.js';
import { readGraphAcquisitionManifest } from './graph-acquisition-manifest.js';
import { bringIntoCase, registerAcquisition, rollbackAcquisition } from './import-acquisition.js';
import { ingestAuditFile } from './import-audit.js';
import type { ImportOptions, UnitResult } from './import-types.js';
import { finishUnit, type UnitStart } from './import-unit.js';
import { IngestCounters } from './ingest-records.js';
import type { Case } from './open-case.js';
import { newRunId } from './run-id.js';

const FORMAT_OF_SOURCE = {
  audit: 'ual-graph-json',
  signins: 'entra-signin-json',
} as const satisfies Record<'audit' | 'signins', AuditFileFormat>;

export async function importGraphAcquisition(
  handle: Case,
  acqDir: string,
  opts: Omit<ImportOptions, 'format' | 'mailbox'> = {},
): Promise<UnitResult> {
  const unit: UnitStart = {
    input: acqDir,
    kind: 'acquisition',
    runId: newRunId('acquisition'),
    startedAt: new Date(),
    t0: performance.now(),
  };
  const counters = new IngestCounters();
  const facts: { evidence?: string; format: string; mailboxes: string[] } = {
    format: 'graph',
    mailboxes: [],
  };
  let write;
  try {
    const acq = await readGraphAcquisitionManifest(acqDir);
    const format = FORMAT_OF_SOURCE[acq.source];
    facts.format = format;
    const dir = await bringIntoCase(handle, resolve(acqDir), acq);
    const rel = caseRelative(handle.dir, dir);
    facts.evidence = rel;
    await registerAcquisition(handle, dir, rel, acq, opts.signal, acq.queries);
    write = await handle.store.beginWrite(unit.runId, {
      dedupeStaged: true,
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    for (const page of acq.pages) {
      opts.signal?.throwIfAborted();
      const file = `${rel}/${page.file}`;
      await ingestAuditFile(inCase(handle.dir, file), format, {
        write,
        runId: unit.runId,
        counters,
        displayName: file,
        ...(opts.signal ? { signal: opts.signal } : {}),
        onProgress: (records) => opts.onProgress?.({ input: acqDir, phase: 'reading', records }),
      });
      opts.onProgress?.({ input: acqDir, phase: 'reading', records: counters.records });
    }
    facts.mailboxes = [...counters.mailboxes].sort();
    opts.onProgress?.({ input: acqDir, phase: 'committing', records: counters.records });
    return await finishUnit(handle, unit, write, counters, {
      ...facts,
      strict: opts.strict === true,
      complete: acq.complete,
      inputs: [
        {
          acquisition: rel,
          id: acq.id,
          source: acq.source,
          adapter: ADAPTER_OF_AUDIT_FORMAT[format],
          complete: acq.complete,
          pages: acq.pages.length,
          queries: acq.queries.length,
          missingSlices: acq.missingSlices,
          ...(acq.expected !== undefined ? { expected: acq.expected } : {}),
          ...(acq.uniqueRecords !== undefined ? { uniqueRecords: acq.uniqueRecords } : {}),
        },
      ],
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  } catch (err) {
    return rollbackAcquisition(handle, unit, write, counters, facts, err, opts.signal);
  }
}
