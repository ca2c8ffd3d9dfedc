/**
 * Sends the pre-flight probes: Graph GETs and Exchange `InvokeCommand` POSTs, each a harmless
 * read. Throttling and transient failures (429, 5xx, dropped connections) are retried a few times
 * honouring `Retry-After`; every final answer is kept verbatim (status, headers, body bytes) for
 * the case, together with a {@link ProbeRecord} saying how it ended. The `Authorization` header is
 * never recorded.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { HttpClient, TransportError } from '../../sources/_http/client.js';
import type { CredentialProvider } from '../../sources/_http/credentials.js';
import { backoffDelay, isRetryableStatus, parseRetryAfter } from '../../sources/_http/retry-policy.js';
import { graphError, graphJson } from '../../sources/tenant/graph-directory.js';
import {
  invokeCommandRequest,
  isNotFound,
  parseInvokeCommandResponse,
  type InvokeCommandResult,
} from '../../sources/tenant/exchange-admin.js';
import { outcomeOf } from '../../sources/tenant/probe-outcome.js';
import type { ProbeOutcome, ProbeRecord } from '../../sources/tenant/preflight-types.js';

/** One kept exchange with the API: what was asked and the answer, byte for byte. */
export interface RawExchange {
  readonly probe: string;
  readonly request: {
    readonly method: 'GET' | 'POST';
    readonly url: string;
    /** Request headers without `Authorization`. */
    readonly headers: Readonly<Record<string, string>>;
    readonly body: string | null;
  };
  readonly attempts: number;
  readonly status: number | null;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
  readonly sha256: string;
  readonly at: string;
}

export interface ProbeClientOptions {
  readonly graphUrl: string;
  readonly exchangeUrl: string;
  readonly credentials: { readonly graph: CredentialProvider; readonly exchange: CredentialProvider };
  readonly timeoutMs: number;
  readonly maxAttempts: number;
  readonly ca?: string | Buffer;
  readonly signal?: AbortSignal;
}

export class ProbeClient {
  readonly records: ProbeRecord[] = [];
  readonly raw: RawExchange[] = [];
  readonly #http: HttpClient;

  constructor(private readonly options: ProbeClientOptions) {
    this.#http = new HttpClient({
      connections: 4,
      timeoutMs: options.timeoutMs,
      ...(options.ca ? { ca: options.ca } : {}),
    });
  }

  /** `GET {graphUrl}{path}`; the parsed JSON when it answered, else null. */
  async graph(
    id: string,
    path: string,
    permissions: readonly string[],
  ): Promise<{ record: ProbeRecord; json: unknown }> {
    const url = `${this.options.graphUrl.replace(/\/+$/, '')}${path}`;
    const headers = { Accept: 'application/json', 'client-request-id': crypto.randomUUID() };
    const { status, body, durationMs, error, noToken } = await this.#send(
      id,
      'graph',
      'GET',
      url,
      headers,
      null,
    );
    const json = body ? graphJson(body) : null;
    const err = graphError(json);
    const outcome = noToken
      ? 'unauthenticated'
      : status === null
        ? 'unreachable'
        : outcomeOf(status, err?.code ?? null, json !== null && err === null);
    const detail =
      status === null
        ? error
        : err
          ? `${err.code}: ${err.message}`
          : outcome === 'answered'
            ? ''
            : `HTTP ${status}`;
    const record = this.#record({
      id,
      api: 'graph',
      what: `GET ${path}`,
      method: 'GET',
      url,
      status,
      outcome,
      detail,
      permissions,
      durationMs,
    });
    return { record, json: outcome === 'answered' ? json : null };
  }

  /** Runs a read cmdlet through `InvokeCommand`; the parsed result when it answered, else null. */
  async cmdlet(
    id: string,
    tenant: string,
    cmdlet: string,
    parameters: Readonly<Record<string, unknown>>,
    permissions: readonly string[],
  ): Promise<{ record: ProbeRecord; result: InvokeCommandResult | null }> {
    const req = invokeCommandRequest(this.options.exchangeUrl, tenant, cmdlet, parameters);
    const what = `${cmdlet}${Object.entries(parameters)
      .map(([k, v]) => ` -${k} ${String(v)}`)
      .join('')}`;
    const { status, body, durationMs, error, noToken } = await this.#send(
      id,
      'exchange',
      'POST',
      req.url,
      req.headers,
      req.body,
    );
    const result = status === null || body === null ? null : parseInvokeCommandResponse(status, body);
    let outcome: ProbeOutcome = noToken
      ? 'unauthenticated'
      : status === null
        ? 'unreachable'
        : outcomeOf(status, result && !result.ok ? result.code : null, result?.ok === true);
    if (status !== null && result && isNotFound(result, status)) outcome = 'not-found';
    const detail =
      status === null
        ? error
        : result && !result.ok
          ? `${result.code ? `${result.code}: ` : ''}${result.message}`
          : '';
    const record = this.#record({
      id,
      api: 'exchange',
      what,
      method: 'POST',
      url: req.url,
      status,
      outcome,
      detail,
      permissions,
      durationMs,
    });
    return { record, result };
  }

  /** Reorders the records and raw exchanges by a rank of their probe id (stable for equal ranks). */
  sortBy(rank: (probeId: string) => number): void {
    this.records.sort((a, b) => rank(a.id) - rank(b.id));
    this.raw.sort((a, b) => rank(a.probe) - rank(b.probe));
  }

  async close(): Promise<void> {
    await this.#http.close();
  }

  #record(r: ProbeRecord): ProbeRecord {
    this.records.push(r);
    return r;
  }

  async #send(
    probe: string,
    api: 'graph' | 'exchange',
    method: 'GET' | 'POST',
    url: string,
    headers: Record<string, string>,
    body: string | null,
  ): Promise<{
    status: number | null;
    body: Buffer | null;
    durationMs: number;
    error: string;
    noToken: boolean;
  }> {
    const started = performance.now();
    const provider = this.options.credentials[api];
    let lastError = '';
    for (let attempt = 1; attempt <= this.options.maxAttempts; attempt++) {
      let authorization: string;
      try {
        authorization = await provider.authorization();
      } catch (err) {
        if (this.options.signal?.aborted) throw err;
        // No token for this API (the sign-in failed): nothing was sent.
        const error = `no token: ${(err as Error).message}`;
        return { status: null, body: null, durationMs: performance.now() - started, error, noToken: true };
      }
      try {
        const res = await this.#http.send(
          method,
          url,
          { ...headers, Authorization: authorization },
          body ?? undefined,
          this.options.signal,
        );
        if (
          res.status === 401 &&
          attempt === 1 &&
          attempt < this.options.maxAttempts &&
          provider.invalidate
        ) {
          provider.invalidate();
          continue;
        }
        if (isRetryableStatus(res.status) && attempt < this.options.maxAttempts) {
          await this.#wait(
            parseRetryAfter(res.headers['retry-after'], Date.now()) ??
              backoffDelay(attempt, { baseMs: 500, maxMs: 10_000 }),
          );
          continue;
        }
        this.#keep(probe, method, url, headers, body, attempt, res.status, res.headers, res.body);
        return {
          status: res.status,
          body: res.body,
          durationMs: performance.now() - started,
          error: '',
          noToken: false,
        };
      } catch (err) {
        if (err instanceof TransportError && err.kind === 'aborted') throw err;
        if (!(err instanceof TransportError)) throw err;
        lastError = err.message;
        if (attempt < this.options.maxAttempts)
          await this.#wait(backoffDelay(attempt, { baseMs: 500, maxMs: 10_000 }));
      }
    }
    this.#keep(probe, method, url, headers, body, this.options.maxAttempts, null, {}, Buffer.alloc(0));
    return {
      status: null,
      body: null,
      durationMs: performance.now() - started,
      error: lastError,
      noToken: false,
    };
  }

  #keep(
    probe: string,
    method: 'GET' | 'POST',
    url: string,
    headers: Record<string, string>,
    body: string | null,
    attempts: number,
    status: number | null,
    resHeaders: Readonly<Record<string, string | string[] | undefined>>,
    resBody: Buffer,
  ): void {
    this.raw.push({
      probe,
      request: { method, url, headers, body },
      attempts,
      status,
      headers: resHeaders,
      body: resBody,
      sha256: createHash('sha256').update(resBody).digest('hex'),
      at: new Date().toISOString(),
    });
  }

  async #wait(ms: number): Promise<void> {
    await new Promise<void>((resolve) => setTimeout(resolve, Math.min(ms, 10_000)).unref());
  }
}
