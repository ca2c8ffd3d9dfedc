/**
 * "Possibly truncated export" warnings (ual-formats.md §1.1, §1.2, §6): UAL exports stop silently
 * at 5,000 (one `Search-UnifiedAuditLog` call) or 50,000 rows (Purview export, `ReturnLargeSet`
 * session); `ResultIndex = -1` marks a page cut by an internal timeout; a `ResultCount` above the
 * rows present means pages are missing; a Graph page that still has `@odata.nextLink` has
 * successors that are not in the file. The file's records are all kept: these are warnings
 * that the evidence may be incomplete, so no analysis presents an absence as proof.
 *
 * @module
 */
import type { JsonValue } from '../../model/event.js';
import { field, toNumber } from '../audit/json-fields.js';
import { issueItem } from '../audit/text-input.js';
import type { AuditReadItem } from '../audit/types.js';

/** Row counts at which exports are known to stop. */
export const TRUNCATION_ROW_COUNTS: readonly number[] = [5_000, 50_000];

export class CompletenessTracker {
  private rows = 0;
  private maxResultCount: number | undefined;
  private minusOneRows: number[] = [];
  private minusOneCount = 0;

  /** Counts one data row (read or not) and looks at its wrapper's ResultIndex/ResultCount. */
  observe(wrapper: JsonValue | undefined, row: number): void {
    this.rows++;
    if (wrapper === undefined) return;
    const index = toNumber(field(wrapper, 'ResultIndex'));
    const count = toNumber(field(wrapper, 'ResultCount'));
    if (index === -1) {
      this.minusOneCount++;
      if (this.minusOneRows.length < 5) this.minusOneRows.push(row);
    }
    if (count !== undefined && (this.maxResultCount === undefined || count > this.maxResultCount))
      this.maxResultCount = count;
  }

  /** The warnings for the whole file. */
  finish(file: string, what = 'data rows'): AuditReadItem[] {
    const out: AuditReadItem[] = [];
    if (TRUNCATION_ROW_COUNTS.includes(this.rows)) {
      out.push(
        issueItem(
          'ual.export.possibly_truncated',
          'warning',
          { file },
          `File has exactly ${this.rows.toLocaleString('en-US')} ${what}, a limit at which UAL exports stop ` +
            '(5,000 per Search-UnifiedAuditLog call, 50,000 per Purview export or ReturnLargeSet session): ' +
            'the export is possibly truncated. Re-export with a narrower time window and compare',
        ),
      );
    }
    if (this.minusOneCount > 0) {
      out.push(
        issueItem(
          'ual.export.result_index_timeout',
          'warning',
          { file, row: this.minusOneRows[0]! },
          `${this.minusOneCount} row(s) have ResultIndex -1 (rows ${this.minusOneRows.join(', ')}` +
            `${this.minusOneCount > this.minusOneRows.length ? ', …' : ''}): Search-UnifiedAuditLog hit an ` +
            'internal timeout for that page, so the export is possibly truncated. Re-run the search',
        ),
      );
    }
    if (this.maxResultCount !== undefined && this.maxResultCount > this.rows) {
      out.push(
        issueItem(
          'ual.export.result_count_exceeds_rows',
          'warning',
          { file },
          `ResultCount says ${this.maxResultCount} record(s) matched but the file has ${this.rows} ${what}: ` +
            'the export is possibly truncated (pages missing)',
        ),
      );
    }
    return out;
  }
}

/** The warning for a Graph page (the last in the file) that still names a next page. */
export function moreGraphPagesIssue(file: string, nextLink: string, code: string): AuditReadItem {
  return issueItem(
    code,
    'warning',
    { file },
    'The last page in the file has @odata.nextLink: more pages exist and are not in this file, so the ' +
      'export is possibly incomplete. Fetch the remaining pages and import them too',
    nextLink,
  );
}
