/**
 * Writes responses. Every body is JSON with an explicit length (keep-alive clients need it), and
 * an injected reset writes the headers and a part of the body before destroying the socket, which
 * is what a dropped connection looks like to the client.
 *
 * @module
 */
import type { ServerResponse } from 'node:http';
import type { ODataError } from '../odata/odata-error.js';

/** The content type the API answered with for `Accept: application/json; odata.metadata=none`. */
export const JSON_TYPE = 'application/json; odata.metadata=none; charset=utf-8';

/** Sends `body`; with `cutAt` (0–1) only that fraction is sent before the socket is destroyed. */
export function respondBody(
  res: ServerResponse,
  status: number,
  headers: Record<string, string | readonly string[]>,
  body: Buffer,
  cutAt: number | null,
): void {
  res.writeHead(status, { ...headers, 'Content-Length': String(body.length), 'OData-Version': '4.0' });
  if (cutAt === null) {
    res.end(body);
    return;
  }
  const cut = Math.max(1, Math.min(body.length - 1, Math.floor(body.length * cutAt)));
  res.write(body.subarray(0, cut), () => res.destroy());
}

/** Sends an OData error, keeping any rate-limit headers already computed. */
export function respondError(res: ServerResponse, err: ODataError, extra: Record<string, string>): void {
  respondBody(
    res,
    err.status,
    { 'Content-Type': JSON_TYPE, ...extra, ...err.headers },
    Buffer.from(err.body()),
    null,
  );
}

/** Sends `value` as JSON with `contentType`; `cutAt` as in {@link respondBody}. */
export function respondJsonValue(
  res: ServerResponse,
  status: number,
  value: unknown,
  contentType: string,
  headers: Record<string, string> = {},
  cutAt: number | null = null,
): void {
  respondBody(
    res,
    status,
    { 'Content-Type': contentType, ...headers },
    Buffer.from(JSON.stringify(value)),
    cutAt,
  );
}
