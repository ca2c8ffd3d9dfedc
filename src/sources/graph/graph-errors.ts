/**
 * Reading Microsoft Graph error responses: `{"error":{"code","message","innerError":{"request-id"}}}`.
 * The request id is what Microsoft support asks for, so every message that reports a Graph
 * failure carries it. Nothing here ever sees a credential.
 *
 * @module
 */
import { SourceError } from '../../errors.js';

export interface GraphErrorBody {
  readonly code?: string;
  readonly message?: string;
  readonly requestId?: string;
}

/** The error fields of a Graph error body, or `{}` when the body is not one. */
export function graphError(body: Buffer): GraphErrorBody {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return {};
  }
  const e = (parsed as { error?: unknown } | null)?.error as Record<string, unknown> | undefined;
  if (!e || typeof e !== 'object') return {};
  const inner = e.innerError as Record<string, unknown> | undefined;
  const requestId = inner && typeof inner === 'object' ? inner['request-id'] : undefined;
  return {
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
    ...(typeof e.message === 'string' ? { message: e.message } : {}),
    ...(typeof requestId === 'string' ? { requestId } : {}),
  };
}

/** `HTTP 503: message (code)`, for ledgers and retry reasons. */
export function describeGraphFailure(status: number, body: Buffer): string {
  const e = graphError(body);
  return `HTTP ${status}${e.message ? `: ${e.message}` : ''}${e.code ? ` (${e.code})` : ''}`;
}

/**
 * A Graph answer that retrying cannot fix, with the service's own error fields kept apart from
 * the message, so an acquisition can record them (`acquisition.json` `error`).
 */
export class GraphServiceError extends SourceError {
  override name = 'GraphServiceError';
  readonly graph: GraphErrorBody;
  constructor(message: string, options: { status: number; url: string; graph: GraphErrorBody }) {
    super(message, { status: options.status, url: options.url });
    this.graph = options.graph;
  }
}

/**
 * `text` with anything shaped like a bearer credential blanked: a `Bearer …` value or a JWT.
 * Service messages are written to files; a service that echoed a request header must not put
 * the token there.
 */
export function redactTokens(text: string): string {
  return text
    .replace(/\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/gi, 'Bearer [redacted]')
    .replace(/\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, '[redacted token]');
}

/**
 * The error for a response that retrying cannot fix, saying what to do about it: 401 (token),
 * 403 (permission), 400 (the query), 404 (a query that no longer exists), others verbatim.
 */
export function graphFatalError(status: number, body: Buffer, what: string, path: string): GraphServiceError {
  const e = graphError(body);
  const server = `${e.message ?? (body.length > 0 ? body.toString('utf8').slice(0, 300) : 'no message')}${e.code ? ` (${e.code})` : ''}${e.requestId ? ` [request-id ${e.requestId}]` : ''}`;
  let hint = '';
  if (status === 401) hint = ': check the token or sign-in (is it for https://graph.microsoft.com?)';
  else if (status === 403)
    hint =
      ': the token lacks a permission this request needs (AuditLogsQuery.Read.All or AuditLogsQuery-Exchange.Read.All for audit queries, AuditLog.Read.All for sign-ins)';
  else if (status === 400) hint = ': the service rejected the request as asked';
  return new GraphServiceError(redactTokens(`[graph] HTTP ${status} for ${what}: ${server}${hint}`), {
    status,
    url: path,
    graph: {
      ...(e.code !== undefined ? { code: e.code } : {}),
      ...(e.message !== undefined ? { message: redactTokens(e.message) } : {}),
      ...(e.requestId !== undefined ? { requestId: e.requestId } : {}),
    },
  });
}
