/**
 * The endpoint families the emulator serves next to the Activities API (Microsoft Graph, the
 * identity provider, Exchange administration). The server asks each route in turn whether it
 * owns a request path; the Activities API answers everything no route claims.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultDecision } from './faults.js';

export interface EmulatorRoute {
  /** Short name for logs, e.g. `graph-audit`. */
  readonly name: string;
  /** True when this route answers `pathname` (the request path without its query). */
  matches(pathname: string): boolean;
  /** Answers the request; `decision` is its fault plan (latency already waited for). */
  handle(req: IncomingMessage, res: ServerResponse, decision: FaultDecision): void | Promise<void>;
}

/** The path of a request URL without its query string. */
export function pathnameOf(url: string | undefined): string {
  const raw = url ?? '/';
  const q = raw.indexOf('?');
  return q < 0 ? raw : raw.slice(0, q);
}
