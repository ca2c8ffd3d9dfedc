/**
 * The emulator's audit query creation faults over loopback: a creation whose answer is dropped
 * still creates the query (the list shows it, by name, through its next links), and creations
 * beyond `denyCreatesAfter` are a Graph 403 that creates nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator } from '../../src/emulator/index.js';
import { GTOKEN, graphCall } from './_graph.js';

const SMALL = { data: { mailboxes: { 'a@contoso.example': [] } }, token: GTOKEN } as const;
const body = (name: string) => ({
  displayName: name,
  filterStartDateTime: '2018-06-12T00:00:00Z',
  filterEndDateTime: '2018-06-13T00:00:00Z',
  userPrincipalNameFilters: ['a@contoso.example'],
});

/** Every listed query, page by page with `$top`. */
async function listAll(base: string, top: number): Promise<{ pages: number; names: string[] }> {
  const names: string[] = [];
  let pages = 0;
  for (let next: string | undefined = `${base}/v1.0/security/auditLog/queries?$top=${top}`; next; pages++) {
    const r = await graphCall(next);
    assert.equal(r.status, 200, r.text);
    names.push(...r.json.value.map((q: { displayName: string }) => q.displayName));
    next = r.json['@odata.nextLink'];
  }
  return { pages, names };
}

test('a dropped creation answer: the query exists all the same and is listed by name', async () => {
  const emu = await startEmulator({ ...SMALL, graph: { query: { dropCreateResponses: 2 } } });
  try {
    const url = `${emu.url}/v1.0/security/auditLog/queries`;
    for (const name of ['lost 1', 'lost 2'])
      await assert.rejects(
        fetch(url, {
          method: 'POST',
          headers: { authorization: `Bearer ${GTOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify(body(name)),
        }),
        'the connection closes without an answer',
      );
    const third = await graphCall(url, { body: body('answered') });
    assert.equal(third.status, 201, 'only the first two creations lose their answer');
    const listed = await listAll(emu.url, 1);
    assert.deepEqual(listed.names, ['lost 1', 'lost 2', 'answered']);
    assert.equal(listed.pages, 3, 'the list is paged through @odata.nextLink');
    const stats = emu.stats();
    assert.equal(stats.byStatus['201'], 1);
    assert.ok(stats.faults.reset >= 2);
  } finally {
    await emu.close();
  }
});

test('creations beyond denyCreatesAfter are a Graph 403 that creates nothing; reads still work', async () => {
  const emu = await startEmulator({ ...SMALL, graph: { query: { denyCreatesAfter: 1, runPolls: 0 } } });
  try {
    const url = `${emu.url}/v1.0/security/auditLog/queries`;
    const first = await graphCall(url, { body: body('allowed') });
    assert.equal(first.status, 201);
    const denied = await graphCall(url, { body: body('denied') });
    assert.equal(denied.status, 403);
    assert.equal(denied.json.error.code, 'Authorization_RequestDenied');
    assert.match(denied.json.error.message, /^Insufficient privileges/);
    assert.match(denied.json.error.innerError['request-id'], /^[0-9a-f-]{36}$/);
    assert.deepEqual((await listAll(emu.url, 100)).names, ['allowed']);
    const polled = await graphCall(`${url}/${first.json.id}`);
    assert.equal(polled.json.status, 'succeeded');
  } finally {
    await emu.close();
  }
});
