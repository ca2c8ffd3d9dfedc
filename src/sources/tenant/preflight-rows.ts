/**
 * The question → evidence table of a pre-flight check: tenant rows first, then each mailbox's
 * rows, with counts per availability for the summary line.
 *
 * @module
 */
import { mailboxRows } from './mailbox-rows.js';
import type { Availability, PreflightRow, TenantFacts } from './preflight-types.js';
import { tenantRows } from './tenant-rows.js';

export function buildPreflightRows(facts: TenantFacts): PreflightRow[] {
  return [...tenantRows(facts), ...facts.mailboxes.flatMap((m) => mailboxRows(facts, m))];
}

/** How many rows have each availability. */
export function countAvailability(rows: readonly PreflightRow[]): Record<Availability, number> {
  const counts: Record<Availability, number> = { yes: 0, partial: 0, no: 0, unknown: 0 };
  for (const r of rows) counts[r.available]++;
  return counts;
}
