/**
 * An error the emulator answers with, in the Outlook REST body shape
 * `{"error":{"code":"…","message":"…"}}` (activities-api.md §1.5). The CrowdStrike client reads
 * `error.message` for 3xx/4xx and crashes on a body without `error`, so every non-2xx response,
 * including 5xx, carries this body.
 *
 * @module
 */

export class ODataError extends Error {
  override name = 'ODataError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string | readonly string[]>> = {},
  ) {
    super(message);
  }

  /** The JSON body of the response. */
  body(): string {
    return JSON.stringify({ error: { code: this.code, message: this.message } });
  }
}

/** A 400 for a malformed query option (`$top`, `$select`, …). */
export function badQuery(message: string): ODataError {
  return new ODataError(400, 'BadRequest', message);
}

/** A 400 for a malformed `$filter`. */
export function badFilter(message: string): ODataError {
  return new ODataError(400, 'ErrorInvalidUrlQueryFilter', message);
}
