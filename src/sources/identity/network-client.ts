/**
 * MSAL's transport (`system.networkClient`) on undici, so that sign-in requests share the
 * project's HTTP stack and can trust an extra certificate authority (the emulator's per-run test
 * CA given with `--ca-file`) without `NODE_EXTRA_CA_CERTS`, which would widen trust for the whole
 * process. Requests go over real sockets; nothing is mocked.
 *
 * @module
 */
import { rootCertificates } from 'node:tls';
import {
  AuthError,
  type INetworkModule,
  type NetworkRequestOptions,
  type NetworkResponse,
} from '@azure/msal-node';
import { Agent, request } from 'undici';

export interface IdentityNetworkOptions {
  /** Extra CA certificates (PEM) to trust besides the system store. */
  readonly ca?: string;
  /** Time limit for one request, ms; default 30 s. */
  readonly timeoutMs?: number;
}

/** An MSAL network module on its own undici agent; `close()` releases the connections. */
export interface IdentityNetworkClient extends INetworkModule {
  close(): Promise<void>;
}

/** MSAL error code of a transport failure or a response that is not JSON. */
export const TRANSPORT_ERROR = 'mailtrail_transport_error';

/**
 * A transport failure or a non-JSON response, with the URL (never a body sent). It is an MSAL
 * `AuthError` so that MSAL passes it through instead of replacing it with a bare `network_error`.
 */
export class IdentityTransportError extends AuthError {
  /** Whether trying again may help (a dropped connection, a timeout), unlike an untrusted certificate. */
  readonly transient: boolean;
  constructor(message: string, options: { cause?: unknown; transient?: boolean } = {}) {
    super(TRANSPORT_ERROR, '', message);
    this.name = 'IdentityTransportError';
    this.transient = options.transient ?? false;
    if (options.cause !== undefined) this.cause = options.cause;
  }
}

export function identityNetworkClient(options: IdentityNetworkOptions = {}): IdentityNetworkClient {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const agent = new Agent({
    connections: 4,
    keepAliveTimeout: 10_000,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    // The extra CA is added to Node's own roots, not put in their place.
    ...(options.ca !== undefined ? { connect: { ca: [...rootCertificates, options.ca] } } : {}),
  });
  async function send<T>(
    method: 'GET' | 'POST',
    url: string,
    opts: NetworkRequestOptions | undefined,
    timeout: number | undefined,
  ): Promise<NetworkResponse<T>> {
    const where = url.replace(/\?.*$/, '');
    let res;
    try {
      res = await request(url, {
        method,
        dispatcher: agent,
        headers: opts?.headers ?? {},
        signal: AbortSignal.timeout(timeout ?? timeoutMs),
        ...(method === 'POST' ? { body: opts?.body ?? '' } : {}),
      });
    } catch (err) {
      const code = (err as { code?: string }).code;
      throw new IdentityTransportError(
        `${method} ${where} failed: ${code ? `${code}: ` : ''}${(err as Error).message}`,
        { cause: err, transient: isTransientCode(code) },
      );
    }
    let text: string;
    try {
      text = await res.body.text();
    } catch (err) {
      throw new IdentityTransportError(
        `${method} ${where}: the response was cut off (${(err as Error).message})`,
        { cause: err, transient: true },
      );
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers))
      if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
    let body: T;
    try {
      body = JSON.parse(text) as T;
    } catch {
      throw new IdentityTransportError(
        `${method} ${where} answered HTTP ${res.statusCode} with a body that is not JSON (${headers['content-type'] ?? 'no content type'}): is this an identity provider?`,
        { transient: res.statusCode >= 500 },
      );
    }
    return { status: res.statusCode, headers, body };
  }
  return {
    sendGetRequestAsync: (url, opts, timeout) => send('GET', url, opts, timeout),
    sendPostRequestAsync: (url, opts) => send('POST', url, opts, undefined),
    close: () => agent.close(),
  };
}

/**
 * Connection failures worth another try. Certificate failures, a name that does not exist and a
 * refused connection will not change within a few seconds; a temporary failure of the name
 * service (EAI_AGAIN) may.
 */
function isTransientCode(code: string | undefined): boolean {
  if (code === undefined) return true;
  if (/CERT|SELF_SIGNED|UNABLE_TO|ERR_TLS|HOSTNAME|ENOTFOUND|ECONNREFUSED/.test(code)) return false;
  return true;
}
