/**
 * Reading Activities API responses: the `value` array of a success, and the human message of an
 * error the way the 2018 clients took it (401: the `reason` of `x-ms-diagnostics`; other errors:
 * `error.message` of the JSON body).
 *
 * @module
 */

/** The `reason="…"` field of an `x-ms-diagnostics` header, if there is one. */
export function diagnosticsReason(header: string | string[] | undefined): string | undefined {
  const text = Array.isArray(header) ? header.join(';') : header;
  if (!text) return undefined;
  const m = /(?:^|;)\s*reason="((?:[^"\\]|\\.)*)"/.exec(text);
  return m ? m[1] : undefined;
}

/** `error.code` and `error.message` of an OData error body, when the body is one. */
export function odataError(body: Buffer): { code?: string; message?: string } {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { error?: { code?: unknown; message?: unknown } };
    const e = parsed?.error;
    if (!e || typeof e !== 'object') return {};
    return {
      ...(typeof e.code === 'string' ? { code: e.code } : {}),
      ...(typeof e.message === 'string' ? { message: e.message } : {}),
    };
  } catch {
    return {};
  }
}

/**
 * Parses a success body. Returns the records, or a reason why the body is not a usable page
 * (a cut-short body after a dropped connection looks exactly like this, so callers retry).
 */
export function pageRecords(body: Buffer): { records: unknown[]; nextLink?: string } | { invalid: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (err) {
    return { invalid: `response body is not complete JSON (${(err as Error).message})` };
  }
  if (
    parsed === null ||
    typeof parsed !== 'object' ||
    !Array.isArray((parsed as { value?: unknown }).value)
  ) {
    return { invalid: 'response body has no "value" array' };
  }
  const next = (parsed as Record<string, unknown>)['@odata.nextLink'];
  return {
    records: (parsed as { value: unknown[] }).value,
    ...(typeof next === 'string' ? { nextLink: next } : {}),
  };
}
