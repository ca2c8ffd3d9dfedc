/**
 * What a case holds, for `mailtrail case info`: the manifest's description, its evidence, and
 * from the store the sources, mailboxes, period, events per kind, runs, issues per code, and
 * every acquisition that is still not complete (an incomplete import of an acquisition that a
 * later `--resume` completed is listed as completed by that run, not as incomplete).
 *
 * @module
 */
import type { RunRecord } from '../store/index.js';
import type { CaseManifest } from './manifest.js';
import { openCase } from './open-case.js';

export interface CaseInfo {
  readonly dir: string;
  readonly name: string;
  readonly examiner: string;
  readonly purpose: string;
  readonly timeZone: string;
  readonly createdAt: string;
  readonly tool: CaseManifest['tool'];
  readonly schemaVersion: number;
  readonly evidence: {
    readonly files: number;
    readonly bytes: number;
    readonly byKind: Record<string, number>;
  };
  readonly events: number;
  readonly period: { readonly from: string; readonly to: string } | null;
  readonly adapters: readonly { adapter: string; events: number }[];
  readonly mailboxes: readonly { mailbox: string; events: number; from: string; to: string }[];
  readonly kinds: readonly { kind: string; events: number }[];
  readonly runs: readonly RunRecord[];
  readonly issues: readonly { code: string; severity: string; count: number }[];
  /** Acquisition runs that were not complete, and no later run completed the acquisition. */
  readonly incompleteAcquisitions: readonly RunRecord[];
  /** Run id → the id of the later run that completed the same acquisition. */
  readonly completedLater: Readonly<Record<string, string>>;
}

/**
 * For each incomplete acquisition run, the later run (by finishing time) that imported the same
 * acquisition directory complete, if any.
 */
export function completedLater(runs: readonly RunRecord[]): Record<string, string> {
  const acquisitionOf = (r: RunRecord) => {
    const a = r.inputs[0]?.acquisition;
    return typeof a === 'string' ? a : undefined;
  };
  const out: Record<string, string> = {};
  for (const r of runs) {
    const key = r.kind === 'acquisition' && !r.complete ? acquisitionOf(r) : undefined;
    if (key === undefined) continue;
    const later = runs.find(
      (x) =>
        x.kind === 'acquisition' && x.complete && x.finishedAt > r.finishedAt && acquisitionOf(x) === key,
    );
    if (later) out[r.id] = later.id;
  }
  return out;
}

export async function caseInfo(dir: string): Promise<CaseInfo> {
  const handle = await openCase(dir, { readOnly: true });
  try {
    const { store, manifest } = handle;
    const byKind: Record<string, number> = {};
    let bytes = 0;
    for (const e of manifest.evidence) {
      byKind[e.kind] = (byKind[e.kind] ?? 0) + 1;
      bytes += e.size;
    }
    const [totals] = await store.all(
      'SELECT count(*) AS n, min(time) AS from_, max(time) AS to_ FROM events',
    );
    const adapters = await store.all(
      'SELECT adapter, count(*) AS events FROM events GROUP BY adapter ORDER BY adapter',
    );
    const mailboxes = await store.all(
      'SELECT mailbox, count(*) AS events, min(time) AS "from", max(time) AS "to" FROM events GROUP BY mailbox ORDER BY mailbox',
    );
    const kinds = await store.all(
      'SELECT kind, count(*) AS events FROM events GROUP BY kind ORDER BY events DESC, kind',
    );
    const issues = await store.all(
      'SELECT code, severity, count(*) AS count FROM issues GROUP BY code, severity ORDER BY count DESC, code',
    );
    const runs = await store.runs();
    const later = completedLater(runs);
    const n = Number(totals?.n ?? 0);
    return {
      dir: handle.dir,
      name: manifest.name,
      examiner: manifest.examiner,
      purpose: manifest.purpose,
      timeZone: manifest.timeZone,
      createdAt: manifest.createdAt,
      tool: manifest.tool,
      schemaVersion: store.schemaVersion,
      evidence: { files: manifest.evidence.length, bytes, byKind },
      events: n,
      period: n > 0 ? { from: String(totals?.from_), to: String(totals?.to_) } : null,
      adapters: adapters as { adapter: string; events: number }[],
      mailboxes: mailboxes as { mailbox: string; events: number; from: string; to: string }[],
      kinds: kinds as { kind: string; events: number }[],
      runs,
      issues: issues as { code: string; severity: string; count: number }[],
      incompleteAcquisitions: runs.filter(
        (r) => r.kind === 'acquisition' && !r.complete && later[r.id] === undefined,
      ),
      completedLater: later,
    };
  } finally {
    await handle.close();
  }
}
