/**
 * What every Microsoft Graph endpoint of the emulator shares: Graph's error body
 * (`{"error":{"code","message","innerError":{date,request-id,client-request-id}}}`), JSON
 * responses that injected resets can cut short, and bearer authorization by permission: an
 * emulator-issued token must carry one of the permissions an endpoint accepts (as an application
 * role or a delegated scope); the `--token`/`--credentials` bearer tokens are trusted with all.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AuthFailure, type Authenticator } from './credentials.js';
import type { IssuedTokens, TokenClaims } from './issued-tokens.js';
import { respondJsonValue } from './respond.js';

export const GRAPH_JSON = 'application/json; odata.metadata=minimal; odata.streaming=true; charset=utf-8';

/** Sends a Graph error body. */
export function respondGraphError(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  const clientRequestId = req.headers['client-request-id'];
  const body = {
    error: {
      code,
      message,
      innerError: {
        date: new Date().toISOString().replace(/\.\d{3}Z$/, ''),
        'request-id': randomUUID(),
        'client-request-id': typeof clientRequestId === 'string' ? clientRequestId : randomUUID(),
      },
    },
  };
  respondJsonValue(res, status, body, GRAPH_JSON, headers);
}

/** Sends a Graph JSON body; `cutAt` (0–1) sends only that fraction, then drops the connection. */
export function respondGraphJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
  cutAt: number | null = null,
): void {
  respondJsonValue(res, status, value, GRAPH_JSON, headers, cutAt);
}

/** Who called a Graph endpoint. */
export type GraphCaller =
  | { readonly kind: 'static'; readonly id: string }
  | { readonly kind: 'issued'; readonly id: string; readonly claims: TokenClaims };

export interface GraphAuthContext {
  readonly auth: Authenticator;
  readonly tokens: IssuedTokens;
}

/**
 * Authorizes a Graph request needing any one of `permissions`. Answers 401/403 itself and returns
 * `null` then. `audience` is the resource the token must be for.
 */
export function authorizeGraph(
  ctx: GraphAuthContext,
  req: IncomingMessage,
  res: ServerResponse,
  permissions: readonly string[],
  audience = 'https://graph.microsoft.com',
): GraphCaller | null {
  const header = req.headers.authorization;
  const bearer = /^\s*bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!bearer) {
    respondGraphError(req, res, 401, 'InvalidAuthenticationToken', 'Access token is empty.', {
      'WWW-Authenticate':
        'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize"',
    });
    return null;
  }
  const claims = ctx.tokens.verify(bearer[1]!);
  if (claims) {
    if (claims.audience.replace(/\/$/, '') !== audience.replace(/\/$/, '')) {
      respondGraphError(
        req,
        res,
        401,
        'InvalidAuthenticationToken',
        'Access token validation failure. Invalid audience.',
      );
      return null;
    }
    const held = new Set([...claims.roles, ...claims.scopes].map((p) => p.toLowerCase()));
    if (!permissions.some((p) => held.has(p.toLowerCase()))) {
      respondGraphError(
        req,
        res,
        403,
        'Authorization_RequestDenied',
        `Insufficient privileges to complete the operation. This request needs one of: ${permissions.join(', ')}.`,
      );
      return null;
    }
    return { kind: 'issued', id: `app:${claims.appId}${claims.upn ? `/${claims.upn}` : ''}`, claims };
  }
  const principal = ctx.auth.authenticate(header);
  if (principal instanceof AuthFailure) {
    respondGraphError(
      req,
      res,
      401,
      'InvalidAuthenticationToken',
      'Access token validation failure. Invalid or expired token.',
    );
    return null;
  }
  return { kind: 'static', id: principal.id };
}
