/**
 * `fetch audit` re-attaching to a query whose creation answer was lost, against a query list
 * that does not echo every filter (a loopback proxy in front of the emulator leaves the filter
 * collections out of the listed queries, or lists them as null): the query is still found by its
 * `displayName` and window, so the tenant never holds a second query for a slice, and the ledger
 * names the filters the listing could not confirm.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startEmulator } from '../../src/emulator/index.js';
import { runFetchAudit } from '../../src/case/fetch/audit/index.js';
import { auditRecords, NO_ACTIVITIES } from './_graph-data.js';
import {
  auditRunOptions,
  faultProxy,
  keptGraphRecords,
  ledgerOf,
  pathOf,
  tenantQueries,
} from './_graph-harness.js';
import { tempDir } from './_harness.js';

const TOKEN = 'graph-listing-SECRET-41';
const A = 'ap.clerk@contoso.example';
const DATA = auditRecords(A, 400, 16);
const FILTERS = ['recordTypeFilters', 'operationFilters', 'userPrincipalNameFilters', 'ipAddressFilters'];

/** A query list page with every listed query's filters left out (even positions) or null (odd). */
function withoutFilters(body: Buffer): Buffer {
  const page = JSON.parse(body.toString('utf8')) as { value: Record<string, unknown>[] };
  page.value = page.value.map((q, i) => {
    const copy: Record<string, unknown> = { ...q };
    for (const f of FILTERS)
      if (i % 2 === 0) delete copy[f];
      else copy[f] = null;
    return copy;
  });
  return Buffer.from(JSON.stringify(page));
}

test('a query list without the filter collections still re-attaches by name and window', async (t) => {
  const emu = await startEmulator({
    token: TOKEN,
    data: NO_ACTIVITIES,
    graph: { auditRecords: DATA, query: { runPolls: 1, dropCreateResponses: 4 } },
  });
  t.after(() => emu.close());
  const url = await faultProxy(t, emu.url, {
    rewrite: (req, body) =>
      req.method === 'GET' && /\/auditLog\/queries$/.test(pathOf(req)) ? withoutFilters(body) : undefined,
  });
  const out = join(await tempDir(t), 'acq');
  const r = await runFetchAudit(
    auditRunOptions(url, TOKEN, { users: [A], outDir: out, operations: ['MailItemsAccessed', 'Send'] }),
  );
  assert.equal(r.summary.complete, true, r.summary.missingSlices.join('\n'));
  assert.equal((await keptGraphRecords(out)).length, 400);

  const tenant = await tenantQueries(emu.url, TOKEN);
  assert.equal(tenant.length, 4, 'one query per slice, none created twice');
  assert.deepEqual(r.summary.slices.map((x) => x.queryId).sort(), tenant.map((q) => q.id).sort());
  const ledger = await ledgerOf(out);
  assert.equal(ledger.filter((e) => e.type === 'request' && e.method === 'POST').length, 4);
  const reading = ledger.filter((e) => e.type === 'query' && e.event === 'listed: reading it');
  assert.equal(reading.length, 4);
  for (const e of reading)
    assert.deepEqual([...(e.filtersNotListed as string[])].sort(), [...FILTERS].sort());
  assert.equal(
    ledger.filter((e) => e.type === 'query' && /^re-attached \(listed, /.test(String(e.event))).length,
    4,
  );
});
