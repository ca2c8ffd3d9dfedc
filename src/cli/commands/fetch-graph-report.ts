/**
 * The closing summary of a Graph retrieval (`fetch audit`, `fetch signins`): the counts, every
 * missing slice and every unverified one (fewer records than the service counted), where the
 * evidence is, and the exit code that says whether the result can be relied on as it stands.
 *
 * @module
 */
import { IncompleteError } from '../../errors.js';
import type { GraphFetchResult } from '../../case/fetch/graph/graph-fetch.js';
import type { CliIo } from '../_io.js';
import { formatCount } from '../_progress.js';

/**
 * The summary on stderr (and `--json` on stdout). Exit 3 when a slice is missing or a gap, and
 * when a slice is unverified unless the run accepted count shortfalls. A shortfall is accepted
 * only by a run that retrieves (`--accept-count-shortfall`, on a new acquisition or on the
 * `--resume` of an unfinished one): a complete acquisition's `acquisition.json` is evidence,
 * registered with its hash in a case, and never rewritten, so `--resume` cannot accept it then.
 */
export function reportGraph(io: CliIo, r: GraphFetchResult, json: boolean, noun: string): void {
  const s = r.summary;
  if (json) {
    const { pages, queries, ...rest } = s;
    io.stdout.write(
      JSON.stringify({ ...r, summary: { ...rest, pages: pages.length, queries: queries.length } }, null, 2) +
        '\n',
    );
  }
  const unverified = s.unverifiedSlices.length > 0;
  const refused = unverified && !s.countShortfallAccepted;
  const counted = s.expected === null ? '' : ` (the service counted about ${formatCount(s.expected)})`;
  const verdict = !s.complete ? 'INCOMPLETE' : refused ? 'UNVERIFIED' : 'Complete';
  const lines = [
    `${verdict}: ${formatCount(s.uniqueRecords)} ${noun}${counted} in ${(r.durationMs / 1000).toFixed(1)} s (${formatCount(s.requests)} requests, ${s.retries} retries)`,
  ];
  const differing = s.slices.filter((x) => x.difference !== undefined && x.difference !== 0);
  if (differing.length > 0)
    lines.push(
      `  ${differing.length} slice(s) received a different number of records than the service counted (see acquisition.json)`,
    );
  if (s.records !== s.uniqueRecords)
    lines.push(
      `  ${formatCount(s.records - s.uniqueRecords)} record(s) were returned by two slices and count once`,
    );
  for (const m of s.missingSlices) lines.push(`  MISSING ${m}`);
  for (const u of s.unverifiedSlices) lines.push(`  UNVERIFIED ${u}`);
  lines.push(
    `Evidence: ${r.acquisitionDir} (${s.pages.length} pages${s.queries.length > 0 ? `, ${s.queries.length} query objects` : ''}, SHA-256 in acquisition.json)`,
  );
  if (r.imported)
    lines.push(
      `Case: ${r.imported.caseDir}: ${formatCount(r.imported.newEvents)} new events, ${formatCount(r.imported.duplicates)} already present, ${r.imported.issues} issue(s)`,
    );
  if (!s.complete) lines.push('Run the same command with --resume to retry the missing slices.');
  if (unverified) lines.push(shortfallAdvice(s));
  io.stderr.write(lines.join('\n') + '\n');
  if (!s.complete)
    throw new IncompleteError(
      `[fetch] the retrieval is incomplete (${s.missingSlices.length} slice(s) missing); rerun with --resume`,
    );
  if (refused)
    throw new IncompleteError(
      `[fetch] ${s.unverifiedSlices.length} slice(s) received clearly fewer records than the service counted; retrieve them again (a new acquisition), with --accept-count-shortfall to accept the shortfall`,
    );
}

/**
 * What to do about unverified slices. An unfinished acquisition is still written by its
 * `--resume`, which may accept them; a complete one is never re-opened.
 */
function shortfallAdvice(s: GraphFetchResult['summary']): string {
  if (s.countShortfallAccepted)
    return `${s.unverifiedSlices.length} unverified slice(s) accepted (--accept-count-shortfall).`;
  if (!s.complete)
    return 'To accept the UNVERIFIED slices, add --accept-count-shortfall to that --resume; once the acquisition is complete, a count shortfall can only be accepted by retrieving again.';
  return 'A count shortfall is accepted only when retrieving: retrieve the UNVERIFIED windows again, with --accept-count-shortfall to accept what they return (a new acquisition; a case stores each record once, and keeps this one recorded as unverified). --resume cannot accept it: this acquisition has nothing left to retrieve.';
}
