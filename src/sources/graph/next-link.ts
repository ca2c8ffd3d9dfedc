/**
 * Following Graph's `@odata.nextLink` safely. A next link is the server's absolute URL for the
 * next page; the client sends its token there, so it must stay on the Graph origin the user
 * chose, and a link already followed (a server looping) must end the paging with an error rather
 * than loop forever — the failure peers are known for (docs/peers.md §5.1).
 *
 * @module
 */
import { SourceError } from '../../errors.js';

/** The request's path and query without scheme and host, for ledgers and messages. */
export function requestPathOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.pathname}${u.search}`;
  } catch {
    return url;
  }
}

/** Remembers the links of one paging sequence and checks each new one. */
export class NextLinkGuard {
  readonly #origin: string;
  readonly #seen = new Set<string>();

  /** `firstUrl`: the request that started the sequence (its origin is the only one allowed). */
  constructor(firstUrl: string) {
    this.#origin = new URL(firstUrl).origin;
    this.#seen.add(new URL(firstUrl).href);
  }

  /**
   * Returns the URL to request next. Throws a SourceError for a link to another origin, a link
   * that is not an absolute URL, or a link already requested in this sequence.
   */
  check(link: string, what: string): string {
    let u: URL;
    try {
      u = new URL(link);
    } catch {
      throw new SourceError(`[graph] ${what}: @odata.nextLink is not an absolute URL: ${link.slice(0, 200)}`);
    }
    if (u.origin !== this.#origin) {
      throw new SourceError(
        `[graph] ${what}: @odata.nextLink points to ${u.origin}, not ${this.#origin}; refusing to send the token there`,
        { url: requestPathOf(link) },
      );
    }
    if (this.#seen.has(u.href)) {
      throw new SourceError(
        `[graph] ${what}: the server returned a @odata.nextLink already followed (${requestPathOf(link)}); paging stopped instead of looping`,
        { url: requestPathOf(link) },
      );
    }
    this.#seen.add(u.href);
    return u.href;
  }
}
