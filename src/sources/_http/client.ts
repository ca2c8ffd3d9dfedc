/**
 * A small HTTP client on undici with keep-alive connection pooling and a hard time limit on
 * every request. It reports what happened (status, headers, the complete body bytes, duration)
 * and throws only for transport failures; deciding what a status means is the caller's job.
 *
 * @module
 */
import { rootCertificates } from 'node:tls';
import { Agent, request } from 'undici';

export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
  readonly durationMs: number;
}

/** A transport failure: connection refused or reset, body cut short, or the time limit hit. */
export class TransportError extends Error {
  override name = 'TransportError';
  readonly kind: 'timeout' | 'network' | 'aborted';
  constructor(kind: 'timeout' | 'network' | 'aborted', message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = kind;
  }
}

export interface HttpClientOptions {
  /** Maximum parallel connections per origin. */
  readonly connections: number;
  /** Time limit for one request, headers and body together (ms). */
  readonly timeoutMs: number;
  /** Extra CA certificates (PEM) to trust, for loopback test authorities. */
  readonly ca?: string | Buffer;
}

export class HttpClient {
  readonly #agent: Agent;
  readonly #timeoutMs: number;

  constructor(options: HttpClientOptions) {
    this.#timeoutMs = options.timeoutMs;
    this.#agent = new Agent({
      connections: options.connections,
      keepAliveTimeout: 30_000,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      // The extra CA is added to Node's own roots, not put in their place.
      ...(options.ca ? { connect: { ca: [...rootCertificates, String(options.ca)] } } : {}),
    });
  }

  async get(url: string, headers: Record<string, string>, signal?: AbortSignal): Promise<HttpResponse> {
    return this.send('GET', url, headers, undefined, signal);
  }

  /** POSTs `body` (a JSON or form text, or bytes); the caller sets its Content-Type header. */
  async post(
    url: string,
    headers: Record<string, string>,
    body: string | Buffer,
    signal?: AbortSignal,
  ): Promise<HttpResponse> {
    return this.send('POST', url, headers, body, signal);
  }

  async send(
    method: 'GET' | 'POST' | 'DELETE',
    url: string,
    headers: Record<string, string>,
    body: string | Buffer | undefined,
    signal?: AbortSignal,
  ): Promise<HttpResponse> {
    const started = performance.now();
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      const res = await request(url, {
        method,
        headers,
        dispatcher: this.#agent,
        signal: combined,
        ...(body !== undefined ? { body } : {}),
      });
      const bytes = Buffer.from(await res.body.arrayBuffer());
      return {
        status: res.statusCode,
        headers: res.headers,
        body: bytes,
        durationMs: performance.now() - started,
      };
    } catch (err) {
      if (signal?.aborted) throw new TransportError('aborted', 'request aborted', { cause: err });
      if (timeout.aborted)
        throw new TransportError('timeout', `no complete response within ${this.#timeoutMs} ms`, {
          cause: err,
        });
      const code = (err as { code?: string }).code;
      throw new TransportError('network', `${code ?? 'network error'}: ${(err as Error).message}`, {
        cause: err,
      });
    }
  }

  async close(): Promise<void> {
    await this.#agent.close();
  }
}
