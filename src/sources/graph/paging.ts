/**
 * Paging a Graph collection (`{"value": [...], "@odata.nextLink": "…"}`) from its first URL to
 * the page without a next link. Each page is handed to `onPage` before the next is asked for, so
 * the caller can keep it as evidence at once; next links are checked by {@link NextLinkGuard}, so
 * a looping server ends the paging with an error instead of an endless retrieval.
 *
 * @module
 */
import { SourceError } from '../../errors.js';
import { graphSend, type GraphContext } from './graph-request.js';
import { NextLinkGuard, requestPathOf } from './next-link.js';

/** Empty pages that may still link to another before the paging is judged stuck. */
const MAX_EMPTY_PAGES_IN_A_ROW = 20;

/** What the caller's parser found in a page body, or why it is not a usable page (retried). */
export type ParsedGraphPage =
  | {
      readonly count: number;
      /** Record ids in page order. */
      readonly ids: readonly string[];
      readonly nextLink: string | null;
      /** Whatever else the parser produced (compressed evidence, hashes), passed through. */
      readonly extra?: unknown;
    }
  | { readonly invalid: string };

export interface GraphPage {
  readonly url: string;
  readonly count: number;
  readonly ids: readonly string[];
  readonly nextLink: string | null;
  readonly extra?: unknown;
}

export async function pageThrough(
  ctx: GraphContext,
  opts: {
    readonly firstUrl: string;
    readonly slice: string;
    readonly what: string;
    readonly parse: (body: Buffer) => Promise<ParsedGraphPage>;
    readonly onPage: (page: GraphPage, pageIndex: number) => Promise<void>;
  },
): Promise<{ pages: number; records: number }> {
  const guard = new NextLinkGuard(opts.firstUrl);
  let url = opts.firstUrl;
  let records = 0;
  // A server whose next links change but serve nothing new would page forever: a page of
  // records all seen before in this paging, or too many empty pages in a row, ends it.
  const seen = new Set<string>();
  let emptyInARow = 0;
  for (let pageIndex = 0; ; pageIndex++) {
    const { value: page } = await graphSend(ctx, {
      method: 'GET',
      url,
      slice: opts.slice,
      what: `${opts.what} (page ${pageIndex + 1})`,
      accept: async (res) => {
        const parsed = await opts.parse(res.body);
        if ('invalid' in parsed) return { retry: parsed.invalid };
        return { ok: { url, ...parsed }, records: parsed.count };
      },
    });
    if (page.nextLink !== null) {
      const fresh = page.ids.filter((id) => !seen.has(id)).length;
      page.ids.forEach((id) => seen.add(id));
      emptyInARow = page.count === 0 ? emptyInARow + 1 : 0;
      if ((page.ids.length > 0 && fresh === 0) || emptyInARow > MAX_EMPTY_PAGES_IN_A_ROW)
        throw new SourceError(
          `[graph] ${opts.what}: page ${pageIndex + 1} ${emptyInARow > 0 ? `is empty page ${emptyInARow} in a row` : 'repeats only records already received'} and links to another; the service is not advancing, so the slice is left missing`,
          { url: requestPathOf(url) },
        );
    }
    await opts.onPage(page, pageIndex);
    records += page.count;
    if (page.nextLink === null) return { pages: pageIndex + 1, records };
    url = guard.check(page.nextLink, opts.what);
  }
}
