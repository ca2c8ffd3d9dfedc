/**
 * Paging a Graph collection (`{"value": [...], "@odata.nextLink": "…"}`) from its first URL to
 * the page without a next link. Each page is handed to `onPage` before the next is asked for, so
 * the caller can keep it as evidence at once; next links are checked by {@link NextLinkGuard}, so
 * a looping server ends the paging with an error instead of an endless retrieval.
 *
 * @module
 */
import { graphSend, type GraphContext } from './graph-request.js';
import { NextLinkGuard } from './next-link.js';

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
    await opts.onPage(page, pageIndex);
    records += page.count;
    if (page.nextLink === null) return { pages: pageIndex + 1, records };
    url = guard.check(page.nextLink, opts.what);
  }
}
