/**
 * Injected faults: deterministic by seed, never changing the records of a successful response,
 * and survivable by a client that retries.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { ALICE, ALICE_PATH, B, PREFER, TOKEN, call, sortedAsc, startTestEmulator } from './_helpers.js';

const started: RunningEmulator[] = [];
after(() => Promise.all(started.map((e) => e.close())));
async function start(options: Parameters<typeof startTestEmulator>[0]) {
  const emu = await startTestEmulator(options);
  started.push(emu);
  return emu;
}

/** Status of each attempt, or 'reset' when the body never completed. */
async function attempt(
  url: string,
): Promise<{ status: number | 'reset'; body?: { value: { Id: string }[] }; headers?: Headers }> {
  try {
    const res = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}`, prefer: PREFER } });
    const text = await res.text();
    return { status: res.status, body: JSON.parse(text), headers: res.headers };
  } catch {
    return { status: 'reset' };
  }
}

/** Pages through the mailbox ($top=50), retrying every failed page; returns ids and attempt log. */
async function retrievingClient(base: string): Promise<{ ids: string[]; statuses: (number | 'reset')[] }> {
  const ids: string[] = [];
  const statuses: (number | 'reset')[] = [];
  for (let skip = 0; ; skip += 50) {
    let r: Awaited<ReturnType<typeof attempt>>;
    for (let tries = 0; ; tries++) {
      assert.ok(tries < 60, 'gave up retrying');
      r = await attempt(`${base}${ALICE_PATH}?$orderby=TimeStamp asc&$top=50&$skip=${skip}&$select=Id`);
      statuses.push(r.status);
      if (r.status === 200) break;
      if (r.status === 429)
        await new Promise((res) => setTimeout(res, Number(r.headers!.get('retry-after')) * 1000));
    }
    ids.push(...r.body!.value.map((v) => v.Id));
    if (r.body!.value.length < 50) return { ids, statuses };
  }
}

const allIds = sortedAsc(ALICE).map((a) => a.Id);

describe('fail-rate and reset-rate', () => {
  test('same fault seed, same faults; a retrying client still gets every record once', async () => {
    const faults = { seed: 42, failRate: 0.3, resetRate: 0.2 };
    const first = await retrievingClient((await start({ faults })).url);
    const second = await retrievingClient((await start({ faults })).url);
    assert.deepEqual(first.ids, allIds);
    assert.deepEqual(second.ids, allIds);
    assert.deepEqual(first.statuses, second.statuses, 'deterministic by seed');
    for (const s of [500, 503, 'reset'] as const) assert.ok(first.statuses.includes(s), `saw ${s}`);
    const other = await retrievingClient((await start({ faults: { ...faults, seed: 43 } })).url);
    assert.notDeepEqual(other.statuses, first.statuses, 'another seed, other faults');
  });

  test('failures carry an error body; 503 has Retry-After', async () => {
    const emu = await start({ faults: { seed: 1, failRate: 1 } });
    const r = await call(emu.url, ALICE_PATH);
    assert.ok(r.status === 500 || r.status === 503);
    assert.match(r.json.error!.code, /^Error(InternalServerError|ServiceUnavailable)$/);
    if (r.status === 503) assert.equal(r.headers.get('retry-after'), '1');
    assert.equal((await call(emu.url, `${ALICE_PATH}?$top=0`)).status, 400, 'faults never hide a 400');
    assert.equal(emu.stats().faults.failed, 1);
  });

  test('a reset sends the headers and part of the body, then drops the connection', async () => {
    const emu = await start({ faults: { seed: 1, resetRate: 1 } });
    const res = await fetch(`${emu.url}${ALICE_PATH}`, {
      headers: { authorization: `Bearer ${TOKEN}`, prefer: PREFER },
    });
    assert.equal(res.status, 200);
    await assert.rejects(res.text());
    assert.equal(emu.stats().faults.reset, 1);
  });

  test('latency delays every response', async () => {
    const emu = await start({ faults: { latencyMs: 120, latencyJitterMs: 30 } });
    const t = performance.now();
    assert.equal((await call(emu.url, `${ALICE_PATH}?$top=1`)).status, 200);
    assert.ok(performance.now() - t >= 115, 'at least the latency');
    assert.equal(emu.stats().faults.delayed, 1);
  });
});

describe('throttling', () => {
  test('N requests per window per caller and mailbox, then 429 with Retry-After; retrying gets everything', async () => {
    const emu = await start({ throttle: { limit: 4, windowSeconds: 1 } });
    const ok = await call(emu.url, `${ALICE_PATH}?$top=1`);
    assert.equal(ok.headers.get('rate-limit-limit'), '4');
    assert.equal(ok.headers.get('rate-limit-remaining'), '3');
    assert.match(ok.headers.get('rate-limit-reset') ?? '', /^\d{4}-\d\d-\d\dT/);
    for (let i = 0; i < 3; i++) assert.equal((await call(emu.url, `${ALICE_PATH}?$top=1`)).status, 200);
    const limited = await call(emu.url, `${ALICE_PATH}?$top=1`);
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '1');
    assert.match(limited.headers.get('rate-limit-reason') ?? '', /limit of 4 per 1 seconds/);
    assert.equal(limited.json.error?.code, 'ApplicationThrottled');
    assert.equal(
      (await call(emu.url, `/api/v2.0/Users('${B}')/Activities?$top=1`)).status,
      200,
      'other mailbox, other budget',
    );
    await new Promise((r) => setTimeout(r, 1000));
    const { ids, statuses } = await retrievingClient(emu.url);
    assert.deepEqual(ids, allIds);
    assert.ok(statuses.includes(429));
    assert.ok(emu.stats().faults.throttled >= 2);
  });
});
