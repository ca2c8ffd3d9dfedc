/**
 * Retrieval of one mailbox's activities: probing the time range the server holds, and paging
 * through one slice with `$orderby=TimeStamp asc`, `$top=1000` and `$skip` until a short page.
 *
 * @module
 */
import { SourceError } from '../../errors.js';
import { parseInstant } from '../../model/time.js';
import { activitiesUrl, type ActivitiesQuery } from './query.js';
import { parsePageHere, requestPage, type Page, type RequestContext } from './request.js';
import type { Slice } from './slices.js';

/** The API's page size limit, used for every page. */
export const PAGE_SIZE = 1000;

export interface MailboxTarget {
  readonly baseUrl: string;
  readonly mailbox: string;
  readonly types?: readonly string[];
}

/**
 * Epoch ms of the first and last record matching the user's bounds and types, or `null` when the
 * mailbox has none. Two requests (`$top=1`, ascending and descending).
 */
export async function probeRange(
  ctx: RequestContext,
  target: MailboxTarget,
  bounds: Pick<ActivitiesQuery, 'lower' | 'upper'>,
): Promise<{ firstMs: number; lastMs: number } | null> {
  const edge = async (orderBy: 'asc' | 'desc') => {
    const url = activitiesUrl(target.baseUrl, target.mailbox, {
      ...bounds,
      ...typesOf(target),
      orderBy,
      top: 1,
      skip: 0,
    });
    // Probes are tiny: parse them here whatever parser the retrieval uses for its pages.
    const page = await requestPage({ ...ctx, parse: parsePageHere }, target.mailbox, url);
    if (page.count === 0) return null;
    const t = page.firstTimeStamp !== null ? parseInstant(page.firstTimeStamp) : null;
    if (!t)
      throw new SourceError(
        `[activities-api] probe of ${target.mailbox} returned a record without a valid TimeStamp`,
        { url },
      );
    return Date.parse(t);
  };
  const [first, last] = await Promise.all([edge('asc'), edge('desc')]);
  if (first === null || last === null) return null;
  return { firstMs: Math.min(first, last), lastMs: Math.max(first, last) };
}

/**
 * Pages through one slice, handing each page to `onPage` before asking for the next, so the
 * caller can keep it as evidence at once. Stops at the first page shorter than {@link PAGE_SIZE}.
 */
export async function fetchSlice(
  ctx: RequestContext,
  target: MailboxTarget,
  slice: Slice,
  onPage: (page: Page, pageIndex: number) => Promise<void>,
): Promise<{ pages: number; records: number }> {
  let records = 0;
  for (let pageIndex = 0; ; pageIndex++) {
    const url = activitiesUrl(target.baseUrl, target.mailbox, {
      ...(slice.lower ? { lower: slice.lower } : {}),
      ...(slice.upper ? { upper: slice.upper } : {}),
      ...typesOf(target),
      orderBy: 'asc',
      top: PAGE_SIZE,
      skip: pageIndex * PAGE_SIZE,
    });
    const page = await requestPage(ctx, target.mailbox, url);
    if (page.count > PAGE_SIZE) {
      throw new SourceError(`[activities-api] server returned ${page.count} records for $top=${PAGE_SIZE}`, {
        url,
      });
    }
    // Every response is handed on, the closing empty page included: it is evidence too.
    await onPage(page, pageIndex);
    records += page.count;
    if (page.count < PAGE_SIZE) return { pages: pageIndex + 1, records };
  }
}

function typesOf(target: MailboxTarget): Pick<ActivitiesQuery, 'types'> {
  return target.types && target.types.length > 0 ? { types: target.types } : {};
}
