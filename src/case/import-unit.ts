/**
 * The one tolerance policy of imports, shared by files and acquisitions: with `--strict` any
 * issue rejects the unit (rolled back), otherwise the events that parsed are committed with
 * their issues. Either way the ledger records what happened.
 *
 * @module
 */
import type { MailtrailError } from '../errors.js';
import type { RunRecord, StoreWrite } from '../store/index.js';
import type { UnitResult } from './import-types.js';
import type { IngestCounters } from './ingest-records.js';
import type { Case } from './open-case.js';

export interface UnitStart {
  readonly input: string;
  readonly kind: 'file' | 'acquisition';
  readonly runId: string;
  readonly startedAt: Date;
  readonly t0: number;
}

export interface UnitFacts {
  readonly evidence?: string;
  readonly sha256?: string;
  readonly format?: string;
  readonly mailboxes: readonly string[];
}

export interface FinishOptions extends UnitFacts {
  readonly strict: boolean;
  readonly complete: boolean;
  readonly inputs: RunRecord['inputs'];
  readonly signal?: AbortSignal;
}

function base(unit: UnitStart, counters: IngestCounters, facts: UnitFacts) {
  return {
    input: unit.input,
    kind: unit.kind,
    runId: unit.runId,
    ...(facts.evidence !== undefined ? { evidence: facts.evidence } : {}),
    ...(facts.sha256 !== undefined ? { sha256: facts.sha256 } : {}),
    ...(facts.format !== undefined ? { format: facts.format } : {}),
    mailboxes: facts.mailboxes,
    records: counters.records,
    events: counters.events,
    issues: { ...counters.issues },
    issueCount: counters.issueCount,
    ...(counters.firstIssue !== undefined ? { firstIssue: counters.firstIssue } : {}),
  };
}

export async function finishUnit(
  handle: Case,
  unit: UnitStart,
  write: StoreWrite,
  counters: IngestCounters,
  o: FinishOptions,
): Promise<UnitResult> {
  if (o.strict && counters.issueCount > 0) {
    await write.discard();
    await handle.appendLedger({
      action: 'import.rejected',
      run: unit.runId,
      input: unit.input,
      evidence: o.evidence,
      reason: '--strict',
      issues: counters.issues,
    });
    return {
      ...base(unit, counters, o),
      status: 'rejected',
      inserted: 0,
      duplicates: 0,
      complete: o.complete,
      ms: performance.now() - unit.t0,
    };
  }
  const run: RunRecord = {
    id: unit.runId,
    kind: unit.kind === 'file' ? 'import' : 'acquisition',
    startedAt: unit.startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    command: handle.command,
    inputs: o.inputs,
    counts: { records: counters.records, events: counters.events, issues: counters.issueCount },
    issues: { ...counters.issues },
    complete: o.complete,
  };
  const committed = await write.commit(run);
  const counts = { ...run.counts, inserted: committed.inserted, duplicates: committed.duplicates };
  await handle.recordRun({ ...run, counts });
  await handle.appendLedger({
    action: 'import.commit',
    run: unit.runId,
    input: unit.input,
    evidence: o.evidence,
    counts,
  });
  return {
    ...base(unit, counters, o),
    status: 'imported',
    inserted: committed.inserted,
    duplicates: committed.duplicates,
    complete: o.complete,
    ms: performance.now() - unit.t0,
  };
}

export async function failedUnit(
  handle: Case,
  unit: UnitStart,
  counters: IngestCounters,
  facts: UnitFacts,
  err: MailtrailError,
): Promise<UnitResult> {
  await handle.appendLedger({
    action: 'import.failed',
    run: unit.runId,
    input: unit.input,
    evidence: facts.evidence,
    reason: err.message,
  });
  return {
    ...base(unit, counters, facts),
    status: 'failed',
    inserted: 0,
    duplicates: 0,
    complete: true,
    ms: performance.now() - unit.t0,
    error: { message: err.message, code: err.code, exitCode: err.exitCode },
  };
}
