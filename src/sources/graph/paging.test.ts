import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpClient } from '../_http/client.js';
import { bearerToken } from '../_http/credentials.js';
import { pageThrough } from './paging.js';

/**
 * A loopback server whose next links never repeat but whose pages stop advancing: after `good`
 * pages of new records it serves either the same records again or empty pages, forever.
 */
async function stuckServer(mode: 'repeat' | 'empty', good: number) {
  let served = 0;
  const server = createServer((req, res) => {
    const n = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('$skiptoken') ?? 0);
    served++;
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1.0/things`;
    const ids = n < good ? [`r${n}a`, `r${n}b`] : mode === 'repeat' ? ['r0a', 'r0b'] : [];
    const body = JSON.stringify({
      value: ids.map((id) => ({ id })),
      '@odata.nextLink': `${base}?$skiptoken=${n + 1}`,
    });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1.0/things`;
  return { url, served: () => served, close: () => new Promise<void>((r) => server.close(() => r())) };
}

for (const mode of ['repeat', 'empty'] as const) {
  test(`paging ends with an error when the service stops advancing (${mode} pages behind fresh next links)`, async (t) => {
    const s = await stuckServer(mode, 3);
    const client = new HttpClient({ connections: 2, timeoutMs: 5_000 });
    t.after(async () => {
      await client.close();
      await s.close();
    });
    const ctx = {
      client,
      credentials: bearerToken('T', 'test'),
      maxAttempts: 2,
      backoff: { baseMs: 1, maxMs: 5 },
    };
    const kept: number[] = [];
    await assert.rejects(
      pageThrough(ctx, {
        firstUrl: s.url,
        slice: 's',
        what: 'the things',
        parse: async (body) => {
          const v = JSON.parse(body.toString('utf8')) as {
            value: { id: string }[];
            '@odata.nextLink'?: string;
          };
          return {
            count: v.value.length,
            ids: v.value.map((r) => r.id),
            nextLink: v['@odata.nextLink'] ?? null,
          };
        },
        onPage: async (page) => void kept.push(page.count),
      }),
      mode === 'repeat' ? /repeats only records already received/ : /empty page 21 in a row/,
    );
    assert.equal(kept.length, mode === 'repeat' ? 3 : 23, 'the stuck page is not kept');
    assert.ok(s.served() < 30, 'the paging stopped');
  });
}
