/**
 * One slice of a retrieval, kept as evidence: its pages are fetched in order and each is written
 * (already compressed and hashed by the page digester) under `pages/<mailbox>/<slice>-<page>.json.gz`
 * before the next is asked for. A slice whose pages repeat a record id is fetched again, since
 * `$skip` paging is only exact when the server's order is stable.
 *
 * @module
 */
import { SourceError } from '../../errors.js';
import { fetchSlice } from '../../sources/activities-api/acquire.js';
import { requestPath } from '../../sources/activities-api/query.js';
import type { RequestContext } from '../../sources/activities-api/request.js';
import { describeSlice, type Slice } from '../../sources/activities-api/slices.js';
import type { AcquisitionParams, PageEntry } from './acquisition-state.js';
import type { PageEvidence } from './page-digester.js';
import { keepDigested, safeName } from './page-keeper.js';

/** A slice whose pages repeat a record id is fetched again this many times before giving up. */
const SLICE_REFETCHES = 2;

export async function fetchSliceKept(
  ctx: RequestContext,
  params: AcquisitionParams,
  dir: string,
  mailbox: string,
  slice: Slice,
  writeLedger: (e: object) => void,
  onPageKept?: (entry: PageEntry) => void,
): Promise<{ pages: PageEntry[]; records: number }> {
  for (let round = 0; ; round++) {
    const seen = new Set<string>();
    let repeated: string | undefined;
    const pages: PageEntry[] = [];
    const target = { baseUrl: params.baseUrl, mailbox, types: params.types };
    const { records } = await fetchSlice(ctx, target, slice, async (page, pageIndex) => {
      for (const id of page.ids) {
        if (seen.has(id)) repeated ??= id;
        seen.add(id);
      }
      // The retrieval's page digester has already compressed and hashed the body.
      const file = `pages/${safeName(mailbox)}/${pad(slice.index)}-${pad(pageIndex + 1)}.json.gz`;
      const kept = await keepDigested(dir, file, page.extra as PageEvidence);
      const entry: PageEntry = {
        file,
        mailbox,
        slice: slice.index,
        page: pageIndex + 1,
        request: requestPath(page.url),
        records: page.count,
        sha256: kept.sha256,
        bodySha256: kept.bodySha256,
      };
      pages.push(entry);
      onPageKept?.(entry);
    });
    if (!repeated) return { pages, records };
    // $skip paging is only exact when the server's order is stable; a repeated id proves it was not.
    writeLedger({
      type: 'unstable-order',
      time: new Date().toISOString(),
      mailbox,
      slice: slice.index,
      repeatedId: repeated,
      round,
    });
    if (round >= SLICE_REFETCHES) {
      throw new SourceError(
        `[fetch] slice ${describeSlice(slice)} of ${mailbox} returned record ${repeated} twice in ${round + 1} attempts: the server's order is not stable`,
      );
    }
  }
}

function pad(n: number): string {
  return String(n).padStart(4, '0');
}
