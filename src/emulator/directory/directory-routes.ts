/**
 * Microsoft Graph directory endpoints of the emulated tenant, as {@link EmulatorRoute}s:
 * `GET /{v1.0|beta}/organization`, `/subscribedSkus` and `/users/{id|upn}/licenseDetails`, with
 * Graph's permissions (Organization.Read.All, LicenseAssignment.Read.All, User.Read.All or
 * Directory.Read.All), error bodies, and injected faults. Only what a pre-flight check reads is
 * served.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GRAPH_PERMISSIONS } from '../../sources/tenant/graph-directory.js';
import type { EmulatorRoute } from '../http/emulator-route.js';
import type { FaultDecision } from '../http/faults.js';
import {
  authorizeGraph,
  respondGraphError,
  respondGraphJson,
  type GraphAuthContext,
} from '../http/graph-common.js';
import { SKU_CATALOG, type CatalogSku } from './sku-catalog.js';
import type { ResolvedMailbox, ResolvedTenant } from './tenant-config.js';

export interface DirectoryContext extends GraphAuthContext {
  readonly tenant: ResolvedTenant;
}

const PATH = /^\/(v1\.0|beta)\/(organization|subscribedSkus|users\/([^/]+)\/licenseDetails)\/?$/i;

/** Answers an injected failure; true when it did. */
export function injectGraphFault(
  req: IncomingMessage,
  res: ServerResponse,
  decision: FaultDecision,
): boolean {
  if (decision.fail === null) return false;
  respondGraphError(
    req,
    res,
    decision.fail,
    decision.fail === 503 ? 'serviceNotAvailable' : 'generalException',
    'The service is temporarily unavailable (injected fault).',
    decision.fail === 503 ? { 'Retry-After': '1' } : {},
  );
  return true;
}

function organization(t: ResolvedTenant, version: string) {
  const skus = new Map<string, CatalogSku>();
  for (const mb of t.mailboxes.values()) for (const s of mb.licences) skus.set(s.skuPartNumber, s);
  const plans = [...skus.values()].flatMap((s) => s.servicePlans);
  return {
    '@odata.context': `https://graph.microsoft.com/${version}/$metadata#organization`,
    value: [
      {
        id: t.tenantId,
        displayName: t.displayName,
        tenantType: 'AAD',
        countryLetterCode: 'US',
        createdDateTime: '2017-03-01T09:00:00Z',
        assignedPlans: [...new Map(plans.map((p) => [p.servicePlanId, p])).values()].map((p) => ({
          assignedDateTime: '2017-03-01T09:00:00Z',
          capabilityStatus: 'Enabled',
          service: p.servicePlanName.startsWith('AAD') ? 'AADPremiumService' : 'exchange',
          servicePlanId: p.servicePlanId,
        })),
        verifiedDomains: [
          {
            capabilities: 'Email, OfficeCommunicationsOnline',
            isDefault: t.domains.length === 0,
            isInitial: true,
            name: t.initialDomain,
            type: 'Managed',
          },
          ...t.domains.map((d, i) => ({
            capabilities: 'Email',
            isDefault: i === 0,
            isInitial: false,
            name: d,
            type: 'Managed',
          })),
        ],
      },
    ],
  };
}

function subscribedSkus(t: ResolvedTenant, version: string) {
  const consumed = new Map<string, number>();
  for (const mb of t.mailboxes.values())
    for (const s of mb.licences) consumed.set(s.skuPartNumber, (consumed.get(s.skuPartNumber) ?? 0) + 1);
  return {
    '@odata.context': `https://graph.microsoft.com/${version}/$metadata#subscribedSkus`,
    value: [...consumed].map(([part, used]) => {
      const sku = SKU_CATALOG[part]!;
      return {
        accountName: 'contoso',
        accountId: t.tenantId,
        appliesTo: 'User',
        capabilityStatus: 'Enabled',
        consumedUnits: used,
        id: `${t.tenantId}_${sku.skuId}`,
        prepaidUnits: { enabled: used + 5, suspended: 0, warning: 0, lockedOut: 0 },
        servicePlans: sku.servicePlans.map((p) => ({ ...p, provisioningStatus: 'Success' })),
        skuId: sku.skuId,
        skuPartNumber: sku.skuPartNumber,
        subscriptionIds: [`sub-${sku.skuId.slice(0, 8)}`],
      };
    }),
  };
}

function licenseDetails(mb: ResolvedMailbox, version: string) {
  const disabled = new Set(mb.disabledPlans.map((p) => p.toUpperCase()));
  return {
    '@odata.context': `https://graph.microsoft.com/${version}/$metadata#users('${mb.objectId}')/licenseDetails`,
    value: mb.licences.map((sku) => ({
      id: `${sku.skuId.replace(/-/g, '').slice(0, 22)}`,
      skuId: sku.skuId,
      skuPartNumber: sku.skuPartNumber,
      servicePlans: sku.servicePlans.map((p) => ({
        ...p,
        provisioningStatus: disabled.has(p.servicePlanName.toUpperCase()) ? 'Disabled' : 'Success',
      })),
    })),
  };
}

function findUser(t: ResolvedTenant, id: string): ResolvedMailbox | undefined {
  const key = id.toLowerCase();
  return t.mailboxes.get(key) ?? [...t.mailboxes.values()].find((m) => m.objectId === key);
}

/** The directory route of a tenant. */
export function directoryRoute(ctx: DirectoryContext): EmulatorRoute {
  return {
    name: 'graph-directory',
    matches: (pathname) => PATH.test(pathname),
    handle(req, res, decision) {
      const m = PATH.exec(decodeURIPath(req.url ?? '/'))!;
      const version = m[1]!.toLowerCase();
      if (req.method !== 'GET') {
        respondGraphError(
          req,
          res,
          405,
          'Request_BadRequest',
          `The ${req.method} method is not supported on this resource.`,
        );
        return;
      }
      const resource = m[2]!.toLowerCase();
      const permissions =
        resource === 'organization'
          ? GRAPH_PERMISSIONS.organization
          : resource === 'subscribedskus'
            ? GRAPH_PERMISSIONS.subscribedSkus
            : GRAPH_PERMISSIONS.licenseDetails;
      if (!authorizeGraph(ctx, req, res, permissions)) return;
      if (injectGraphFault(req, res, decision)) return;
      const cut = decision.reset ? decision.cutAt : null;
      if (resource === 'organization')
        return respondGraphJson(res, 200, organization(ctx.tenant, version), {}, cut);
      if (resource === 'subscribedskus')
        return respondGraphJson(res, 200, subscribedSkus(ctx.tenant, version), {}, cut);
      const user = findUser(ctx.tenant, m[3]!);
      if (!user) {
        respondGraphError(
          req,
          res,
          404,
          'Request_ResourceNotFound',
          `Resource '${m[3]}' does not exist or one of its queried reference-property objects are not present.`,
        );
        return;
      }
      respondGraphJson(res, 200, licenseDetails(user, version), {}, cut);
    },
  };
}

/** The request path with percent-escapes decoded (a UPN may arrive as `a%40b`). */
function decodeURIPath(url: string): string {
  const path = url.split('?')[0]!;
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
