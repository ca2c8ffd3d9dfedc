import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpClient } from '../_http/client.js';
import { bearerToken } from '../_http/credentials.js';
import { graphSend, type GraphAttempt } from './graph-request.js';

/** A loopback server answering successive POSTs as `script` says: a status, or 'drop' (no answer). */
async function scripted(script: (number | 'drop')[]) {
  let posts = 0;
  const server = createServer((req, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      const step = script[posts++] ?? 201;
      if (step === 'drop') return void res.destroy();
      const body = step === 201 ? '{"id":"created"}' : '{"error":{"code":"x","message":"scripted"}}';
      res.writeHead(step, { 'content-type': 'application/json', 'retry-after': '0' });
      res.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1.0/things`;
  return { url, posts: () => posts, close: () => new Promise<void>((r) => server.close(() => r())) };
}

function context(attempts: GraphAttempt[]) {
  const client = new HttpClient({ connections: 1, timeoutMs: 5_000 });
  return {
    client,
    ctx: {
      client,
      credentials: bearerToken('T', 'test'),
      maxAttempts: 6,
      backoff: { baseMs: 1, maxMs: 2 },
      onAttempt: (a: GraphAttempt) => void attempts.push(a),
    },
  };
}

const accept = async (res: { body: Buffer }) => ({
  ok: JSON.parse(res.body.toString('utf8')) as { id: string },
});

test('reconcile is asked only after attempts that may have acted (5xx, no answer), never after a 429', async (t) => {
  const s = await scripted([429, 503, 'drop', 201]);
  const attempts: GraphAttempt[] = [];
  const { client, ctx } = context(attempts);
  t.after(async () => {
    await client.close();
    await s.close();
  });
  const asked: number[] = [];
  const sent = await graphSend(ctx, {
    method: 'POST',
    url: s.url,
    json: {},
    slice: 's',
    what: 'the thing',
    accept,
    reconcile: async () => void asked.push(s.posts()),
  });
  assert.equal(sent.reconciled, false);
  assert.equal(sent.value.id, 'created');
  assert.deepEqual(asked, [2, 3], 'after the 503 and after the dropped answer');
  assert.deepEqual(
    attempts.map((a) => a.status),
    [429, 503, null, 201],
  );
});

test('what reconcile finds ends the request without sending it again', async (t) => {
  const s = await scripted(['drop']);
  const { client, ctx } = context([]);
  t.after(async () => {
    await client.close();
    await s.close();
  });
  const found = { status: 200, headers: {}, body: Buffer.from('{"id":"found"}'), durationMs: 0 };
  const sent = await graphSend(ctx, {
    method: 'POST',
    url: s.url,
    json: {},
    slice: 's',
    what: 'the thing',
    accept,
    reconcile: async () => ({ value: { id: 'found' }, response: found }),
  });
  assert.equal(sent.reconciled, true);
  assert.equal(sent.value.id, 'found');
  assert.equal(sent.attempts, 1);
  assert.equal(s.posts(), 1, 'one POST only');
});
