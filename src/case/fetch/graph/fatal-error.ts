/**
 * The error that stops a whole Graph retrieval (a 400, 401 or 403 no other slice could avoid),
 * as `acquisition.json` records it: which slice met it, the HTTP status, the service's error code,
 * message and request id. Never a credential: messages pass through {@link redactTokens}.
 *
 * @module
 */
import { join } from 'node:path';
import { SourceError } from '../../../errors.js';
import { GraphServiceError, redactTokens } from '../../../sources/graph/index.js';

/** `acquisition.json` `error`: present only when a fatal error ended the run. */
export interface FatalErrorSummary {
  /** The slice whose request met the error. */
  readonly slice: string;
  readonly status: number | null;
  /** Graph's `error.code`, e.g. `Authorization_RequestDenied`. */
  readonly code?: string;
  /** Graph's `error.message`, else mailtrail's description. */
  readonly message: string;
  readonly requestId?: string;
  /** Path and query of the request (no host). */
  readonly request?: string;
  /** mailtrail's whole message, with what to do about it. */
  readonly description: string;
}

export function summarizeFatal(err: unknown, slice: string): FatalErrorSummary {
  const description = redactTokens(err instanceof Error ? err.message : String(err));
  const graph = err instanceof GraphServiceError ? err.graph : {};
  const url = err instanceof SourceError ? err.url : undefined;
  return {
    slice,
    status: err instanceof SourceError ? (err.status ?? null) : null,
    ...(graph.code !== undefined ? { code: graph.code } : {}),
    message: graph.message ?? description,
    ...(graph.requestId !== undefined ? { requestId: graph.requestId } : {}),
    ...(url !== undefined ? { request: url } : {}),
    description,
  };
}

/** The error a stopped run ends with: the original one, and where its acquisition is described. */
export function stoppedRunError(err: unknown, fatal: FatalErrorSummary, dir: string): SourceError {
  return new SourceError(
    `${fatal.description}\nThe retrieval stopped; what it retrieved, and which slices are missing, is in ${join(dir, 'acquisition.json')} (complete: false). Fix the cause, then rerun the same command with --resume.`,
    {
      cause: err,
      ...(fatal.status !== null ? { status: fatal.status } : {}),
      ...(fatal.request !== undefined ? { url: fatal.request } : {}),
    },
  );
}
