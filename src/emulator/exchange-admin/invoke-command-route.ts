/**
 * The Exchange Online admin API's `InvokeCommand` endpoint, as an {@link EmulatorRoute}:
 * `POST /adminapi/{beta|v2.0}/{tenant}/InvokeCommand` with `{"CmdletInput":{"CmdletName",
 * "Parameters"}}`. A token must be for `https://outlook.office365.com` and carry
 * `Exchange.ManageAsApp` (app-only) or `Exchange.Manage` (delegated); the emulator treats that as
 * enough, where Exchange Online also wants an Exchange RBAC role for the app or user. The `--token`
 * and `--credentials` bearer tokens are trusted with everything, as on the other routes.
 * Answers `{"@odata.context","adminapi.warnings","value":[…]}` or `{"error":{"code","message"}}`.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  EXCHANGE_APP_PERMISSION,
  EXCHANGE_DELEGATED_SCOPE,
  EXCHANGE_RESOURCE,
} from '../../sources/tenant/exchange-admin.js';
import { namesTenant, type ResolvedTenant } from '../directory/tenant-config.js';
import type { EmulatorRoute } from '../http/emulator-route.js';
import {
  authorizeGraph,
  respondGraphError,
  respondGraphJson,
  type GraphAuthContext,
} from '../http/graph-common.js';
import { injectGraphFault } from '../directory/directory-routes.js';
import { CmdletError, runCmdlet } from './cmdlets.js';

export interface ExchangeAdminContext extends GraphAuthContext {
  readonly tenant: ResolvedTenant;
}

const PATH = /^\/adminapi\/(beta|v2\.0)\/([^/]+)\/InvokeCommand\/?$/i;
const MAX_BODY = 64 * 1024;

/** Permissions that admit a caller (app-only or delegated; V2 names of the newer registrations too). */
const PERMISSIONS = [
  EXCHANGE_APP_PERMISSION,
  EXCHANGE_DELEGATED_SCOPE,
  'Exchange.ManageAsAppV2',
  'Exchange.ManageV2',
];

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** The InvokeCommand route of a tenant. */
export function invokeCommandRoute(ctx: ExchangeAdminContext): EmulatorRoute {
  return {
    name: 'exchange-admin',
    matches: (pathname) => PATH.test(pathname),
    async handle(req: IncomingMessage, res: ServerResponse, decision) {
      const m = PATH.exec(req.url?.split('?')[0] ?? '')!;
      const tenantName = decodeURIComponent(m[2]!);
      const caller = authorizeGraph(ctx, req, res, PERMISSIONS, EXCHANGE_RESOURCE);
      if (!caller) return;
      if (req.method !== 'POST') {
        respondGraphError(req, res, 405, 'MethodNotAllowed', 'InvokeCommand accepts POST only.');
        return;
      }
      if (!namesTenant(ctx.tenant, tenantName)) {
        respondGraphError(req, res, 404, 'NotFound', `The tenant '${tenantName}' was not found.`);
        return;
      }
      if (
        caller.kind === 'issued' &&
        caller.claims.tenantId.toLowerCase() !== ctx.tenant.tenantId.toLowerCase()
      ) {
        respondGraphError(req, res, 401, 'Unauthorized', 'The access token was issued for another tenant.');
        return;
      }
      const text = await readBody(req);
      let input: unknown;
      try {
        input = text === null ? undefined : JSON.parse(text);
      } catch {
        input = undefined;
      }
      const cmdletInput = isObject(input) && isObject(input.CmdletInput) ? input.CmdletInput : null;
      const name = cmdletInput && typeof cmdletInput.CmdletName === 'string' ? cmdletInput.CmdletName : null;
      if (cmdletInput === null || name === null) {
        respondGraphError(
          req,
          res,
          400,
          'BadRequest',
          text === null
            ? `The request body is larger than ${MAX_BODY} bytes.`
            : 'The body must be {"CmdletInput":{"CmdletName":"Get-…","Parameters":{…}}}.',
        );
        return;
      }
      const parameters = isObject(cmdletInput.Parameters) ? cmdletInput.Parameters : {};
      if (injectGraphFault(req, res, decision)) return;
      try {
        const value = runCmdlet(ctx.tenant, name, parameters);
        respondGraphJson(
          res,
          200,
          {
            '@odata.context': `https://outlook.office365.com/adminapi/beta/${ctx.tenant.tenantId}/$metadata#Collection(Exchange.GenericHashTable)`,
            'adminapi.warnings@odata.type': '#Collection(String)',
            'adminapi.warnings': [],
            value,
          },
          {},
          decision.reset ? decision.cutAt : null,
        );
      } catch (err) {
        if (!(err instanceof CmdletError)) throw err;
        respondGraphError(req, res, err.status, err.code, err.message);
      }
    },
  };
}
