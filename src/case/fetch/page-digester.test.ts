import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { createPageDigester, type PageEvidence } from './page-digester.js';

const body = Buffer.from(
  JSON.stringify({
    value: [{ Id: 'a', TimeStamp: '2018-06-12T09:21:03.402Z' }, { Id: 'b' }, { TimeStamp: 'x' }, null],
  }),
);

test('worker and in-thread digests agree, and the evidence round-trips', async () => {
  for (const workers of [0, 2]) {
    const d = await createPageDigester(workers);
    try {
      const p = await d.parse(body);
      assert.ok(!('invalid' in p));
      assert.equal(p.count, 4);
      assert.deepEqual(p.ids, ['a', 'b']);
      assert.equal(p.firstTimeStamp, '2018-06-12T09:21:03.402Z');
      const ev = p.extra as PageEvidence;
      assert.deepEqual(gunzipSync(ev.gz), body);
      assert.equal(ev.sha256, createHash('sha256').update(ev.gz).digest('hex'));
      assert.equal(ev.bodySha256, createHash('sha256').update(body).digest('hex'));
      const many = await Promise.all(Array.from({ length: 20 }, () => d.parse(body)));
      assert.ok(many.every((m) => !('invalid' in m) && m.count === 4));
    } finally {
      await d.close();
    }
  }
});

test('a cut-short or foreign body is reported as invalid, so the request is retried', async () => {
  const d = await createPageDigester(1);
  try {
    const cut = await d.parse(body.subarray(0, body.length - 3));
    assert.ok('invalid' in cut && /not complete JSON/.test(cut.invalid));
    const foreign = await d.parse(Buffer.from('{"values":[]}'));
    assert.ok('invalid' in foreign && /no "value" array/.test(foreign.invalid));
  } finally {
    await d.close();
  }
});

test('Graph pages: lower-case ids and the @odata.nextLink are read', async () => {
  const graph = Buffer.from(
    JSON.stringify({
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns',
      value: [{ id: 'g1' }, { id: 'g2', Id: 'G2' }],
      '@odata.nextLink': 'https://graph.microsoft.com/v1.0/auditLogs/signIns?$skiptoken=abc',
    }),
  );
  for (const workers of [0, 1]) {
    const d = await createPageDigester(workers);
    try {
      const p = await d.parse(graph);
      assert.ok(!('invalid' in p));
      assert.deepEqual(p.ids, ['g1', 'G2']);
      assert.equal(
        (p.extra as PageEvidence).nextLink,
        'https://graph.microsoft.com/v1.0/auditLogs/signIns?$skiptoken=abc',
      );
      const last = await d.parse(Buffer.from('{"value":[]}'));
      assert.ok(!('invalid' in last));
      assert.equal((last.extra as PageEvidence).nextLink, null);
    } finally {
      await d.close();
    }
  }
});
