/**
 * What a report says of the case's evidence it knows to be incomplete: every acquisition
 * imported with missing or unverified slices that no later run completed (the same list as
 * `mailtrail case info`), with what it lacks in words, so that an investigator reading the
 * report sees what it cannot show.
 *
 * @module
 */
import type { IncompleteEvidence } from '../../report/types.js';
import type { RunRecord } from '../../store/index.js';
import { completedLater } from '../case-info.js';

export function incompleteEvidence(runs: readonly RunRecord[]): IncompleteEvidence[] {
  const later = completedLater(runs);
  const out: IncompleteEvidence[] = [];
  for (const r of runs) {
    if (r.kind !== 'acquisition' || r.complete || later[r.id] !== undefined) continue;
    for (const input of r.inputs) {
      const missing = [...strings(input.missingSlices)];
      // Activities acquisitions: per mailbox.
      for (const m of Array.isArray(input.incompleteMailboxes) ? input.incompleteMailboxes : []) {
        const { mailbox, missingSlices } = (m ?? {}) as { mailbox?: unknown; missingSlices?: unknown };
        const slices = strings(missingSlices);
        missing.push(
          ...(slices.length > 0
            ? slices.map((s) => `${String(mailbox)}: ${s}`)
            : [`${String(mailbox)}: not every slice was retrieved`]),
        );
      }
      const unverified = input.countShortfallAccepted === true ? [] : strings(input.unverifiedSlices);
      out.push({
        acquisition: typeof input.acquisition === 'string' ? input.acquisition : String(input.id ?? r.id),
        run: r.id,
        missing: missing.length > 0 || unverified.length > 0 ? missing : ['the acquisition is not complete'],
        unverified,
      });
    }
  }
  return out;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))) : [];
}
