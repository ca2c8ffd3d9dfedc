import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { ANALYSIS_PROPERTY_SET } from '../../src/case/report/event-source.js';
import { scanCrowdStrikeCsv } from '../../src/case/report/csv-scan.js';
import { liteEvent } from '../../src/case/report/lite-event.js';
import { readCrowdStrikeCsv } from '../../src/sources/activities-files/crowdstrike-csv-reader.js';
import { normalizeActivity } from '../../src/sources/activities-api/normalize.js';

const FIXTURE = resolve(import.meta.dirname, '../fixtures/report/small.csv');

test('the fast scan + liteEvent agree with the full reader + normalizeActivity on what analyses read', async () => {
  const lite: unknown[] = [];
  await scanCrowdStrikeCsv(
    FIXTURE,
    () => ANALYSIS_PROPERTY_SET,
    (f, p) => {
      const e = liteEvent(f, p, 'victim@contoso.example')!;
      lite.push({
        ...e,
        id: undefined,
        item: e.item ? { ...e.item, received: undefined } : null,
        properties: undefined,
      });
    },
  );
  const full: unknown[] = [];
  for await (const item of readCrowdStrikeCsv(FIXTURE)) {
    if (item.type !== 'record') continue;
    const { event } = normalizeActivity(item.record.fields, {
      mailbox: 'victim@contoso.example',
      adapter: 't',
      locator: {},
      rawSha256: '',
      raw: null,
    });
    const e = event!;
    const item2 = e.item ? { ...e.item, received: undefined, conversationId: undefined } : null;
    full.push({
      id: undefined,
      time: e.time,
      mailbox: e.mailbox,
      kind: e.kind,
      operation: e.operation,
      app: e.app,
      ip: e.ip,
      userAgent: e.userAgent,
      actor: e.actor,
      result: e.result,
      session: { ...(e.session.clientSessionId ? { clientSessionId: e.session.clientSessionId } : {}) },
      item: item2 && Object.values(item2).some((v) => v !== undefined) ? item2 : null,
      text: e.text,
      properties: undefined,
    });
  }
  assert.equal(lite.length, 31);
  assert.deepEqual(JSON.parse(JSON.stringify(lite)), JSON.parse(JSON.stringify(full)));
});
