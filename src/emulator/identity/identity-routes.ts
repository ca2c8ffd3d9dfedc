/**
 * The identity provider's HTTP surface, as {@link EmulatorRoute}s: OpenID discovery, signing keys,
 * instance discovery, the token and device-code endpoints, and the device-code verification page.
 * MSAL appends `?client-request-id=…` to every URL, so routing is on the path only. Injected
 * faults (500/503 and cut-off bodies) hit these endpoints as they hit the APIs.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { EmulatorRoute } from '../http/emulator-route.js';
import type { FaultDecision } from '../http/faults.js';
import { AadError, respondAadError, respondJson, temporarilyUnavailable } from './aad-error.js';
import { handleDeviceLogin } from './device-login-page.js';
import type { IdentityProvider } from './identity-provider.js';

const TENANT_PATH =
  /^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|discovery\/v2\.0\/keys|oauth2\/v2\.0\/(?:token|devicecode))$/;
const INSTANCE_PATH = '/common/discovery/instance';
const LOGIN_PATH = '/devicelogin';
/** Token requests are small; anything larger is refused unread. */
const MAX_BODY = 256 * 1024;

/** The scheme and host the client addressed, for URLs in metadata. */
function baseOf(req: IncomingMessage): string {
  const tls = (req.socket as Partial<TLSSocket>).encrypted === true;
  const host = req.headers.host ?? `${req.socket.localAddress}:${req.socket.localPort}`;
  return `${tls ? 'https' : 'http'}://${host}`;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY)
      throw new AadError(413, 'invalid_request', 90014, `The request body is larger than ${MAX_BODY} bytes.`);
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function injectedFailure(decision: FaultDecision): AadError | null {
  if (decision.fail === 503) return temporarilyUnavailable(' (injected fault)');
  if (decision.fail === 500)
    return new AadError(500, 'server_error', 50000, 'There was an error issuing a token. (injected fault)');
  return null;
}

/** The routes of `provider`, in the order the server should try them. */
export function identityRoutes(provider: IdentityProvider): EmulatorRoute[] {
  const api: EmulatorRoute = {
    name: 'identity',
    matches: (pathname) => TENANT_PATH.test(pathname) || pathname === INSTANCE_PATH,
    async handle(req, res, decision) {
      try {
        await answer(provider, req, res, decision);
      } catch (err) {
        if (!(err instanceof AadError)) throw err;
        provider.countError(err.code);
        // Drain what the client still sends so the connection can be reused.
        req.resume();
        respondAadError(req, res, err);
      }
    },
  };
  const login: EmulatorRoute = {
    name: 'identity-devicelogin',
    matches: (pathname) => pathname === LOGIN_PATH,
    handle: (req, res) => handleDeviceLogin(provider, req, res, readForm),
  };
  return [api, login];
}

async function answer(
  provider: IdentityProvider,
  req: IncomingMessage,
  res: ServerResponse,
  decision: FaultDecision,
): Promise<void> {
  const pathname = (req.url ?? '/').replace(/\?.*$/, '');
  const base = baseOf(req);
  const m = TENANT_PATH.exec(pathname);
  const endpoint = m?.[2] ?? 'instance';
  const isPost = endpoint.startsWith('oauth2/');
  if (req.method !== (isPost ? 'POST' : 'GET'))
    throw new AadError(
      405,
      'invalid_request',
      900561,
      `The endpoint only accepts ${isPost ? 'POST' : 'GET'} requests.`,
      {
        Allow: isPost ? 'POST' : 'GET',
      },
    );
  const params = isPost ? await readForm(req) : new URLSearchParams();
  const failure = injectedFailure(decision);
  if (failure) throw failure;
  const place = { tenant: m?.[1] ?? 'common', base };
  let body: Record<string, unknown>;
  if (endpoint === 'instance') body = provider.instanceDiscovery(base);
  else if (endpoint.startsWith('v2.0/')) body = provider.openidConfiguration(place);
  else if (endpoint.startsWith('discovery/')) {
    provider.tenantOf(place.tenant);
    body = provider.jwks();
  } else if (endpoint.endsWith('devicecode')) body = provider.deviceAuthorization(place, params);
  else body = provider.token(place, params, req.headers.authorization);
  respondJson(
    res,
    200,
    body,
    isPost ? { 'Cache-Control': 'no-store', Pragma: 'no-cache' } : {},
    decision.reset ? decision.cutAt : null,
  );
}
