/**
 * Error answers of the identity provider, in Entra ID's OAuth error shape:
 * `{"error","error_description":"AADSTSnnnn: … Trace ID … Correlation ID … Timestamp …",
 * "error_codes":[n],"timestamp","trace_id","correlation_id","error_uri"}`. MSAL reads `error`,
 * `error_description` and `error_codes`; clients show the `AADSTS` code to people, so every
 * refusal carries one. Descriptions never contain a secret a client sent.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { respondJsonValue } from '../http/respond.js';

export const OAUTH_JSON = 'application/json; charset=utf-8';

/** An identity-provider refusal: HTTP status, OAuth `error`, AADSTS code and text. */
export class AadError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly code: number,
    readonly description: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(`AADSTS${code}: ${description}`);
  }
}

/** Entra ID's timestamp format in error descriptions, `2026-11-22 12:00:00Z`. */
const stamp = (d: Date) =>
  d
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, 'Z');

/** Sends `err` as Entra ID does; `cutAt` (0–1) cuts the body short for an injected reset. */
export function respondAadError(
  req: IncomingMessage,
  res: ServerResponse,
  err: AadError,
  cutAt: number | null = null,
): void {
  const now = new Date();
  const traceId = randomUUID();
  const given = req.headers['client-request-id'];
  const correlationId = typeof given === 'string' && given !== '' ? given : randomUUID();
  const body = {
    error: err.error,
    error_description: `AADSTS${err.code}: ${err.description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${stamp(now)}`,
    error_codes: [err.code],
    timestamp: stamp(now),
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${err.code}`,
  };
  respondJson(res, err.status, body, { ...err.headers, 'Cache-Control': 'no-store' }, cutAt);
}

/** Sends a JSON body (`cutAt` as in {@link respondAadError}). */
export function respondJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
  cutAt: number | null = null,
): void {
  respondJsonValue(res, status, value, OAUTH_JSON, headers, cutAt);
}

/** 503 temporarily_unavailable (AADSTS90033), as Entra ID answers a transient failure. */
export function temporarilyUnavailable(note = ''): AadError {
  return new AadError(
    503,
    'temporarily_unavailable',
    90033,
    `A transient error has occurred. Please try again.${note}`,
    { 'Retry-After': '1' },
  );
}
