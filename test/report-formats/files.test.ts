/**
 * XLSX, CSV, JSONL, Timesketch, ECS and Parquet outputs of the BEC scenario case, each read
 * back with an independent reader (exceljs reading, papaparse, JSON.parse, hyparquet) and
 * compared with report.json or with the case's events.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { runReport } from '../../src/case/report/index.js';
import type { MailboxEvent } from '../../src/model/event.js';
import { reportTables, cellText } from '../../src/report/tables/index.js';
import { wallClock } from '../../src/report/tables/time-zone.js';
import type { ReportDocument } from '../../src/report/types.js';
import { buildCase, caseEvents, FIXED_NOW, FORMULA_SUBJECT, XSS_SUBJECT, type Fixture } from './_fixture.js';

const TZ = 'Europe/Paris';

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

async function readParquetDataset(dir: string): Promise<{ path: string; rows: Record<string, unknown>[] }[]> {
  const parts = [];
  for (const path of walk(dir).filter((p) => p.endsWith('.parquet'))) {
    const file = await asyncBufferFromFile(path);
    parts.push({
      path: relative(dir, path),
      rows: (await parquetReadObjects({ file })) as Record<string, unknown>[],
    });
  }
  return parts;
}

describe('report files read back', () => {
  let fx: Fixture;
  let out: string;
  let doc: ReportDocument;
  let events: MailboxEvent[];

  before(async () => {
    fx = await buildCase();
    out = join(fx.dir, 'out');
    const r = await runReport({
      caseDir: fx.caseDir,
      outDir: out,
      formats: ['json', 'xlsx', 'csv', 'jsonl', 'timesketch', 'ecs', 'parquet'],
      timeZone: TZ,
      ecsBulkIndex: 'mailtrail-test',
      now: FIXED_NOW,
    });
    assert.equal(r.redactionMap, null);
    doc = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as ReportDocument;
    events = await caseEvents(fx.caseDir);
    // Only final names are left: every temporary file was renamed or removed.
    assert.deepEqual(
      walk(out).filter((p) => /\.tmp$|staging/.test(p)),
      [],
    );
  });

  it('XLSX: a sheet per table, frozen header, autofilter, zoned dates, text never a formula', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, 'report.xlsx'));
    const tables = reportTables(doc);
    assert.deepEqual(
      wb.worksheets.map((w) => w.name),
      ['About', ...tables.map((t) => t.name)],
    );
    for (const t of tables) {
      const ws = wb.getWorksheet(t.name)!;
      assert.equal(ws.actualRowCount, t.rows.length + 1, t.name);
      assert.equal(ws.views[0]?.state, 'frozen');
      assert.ok(ws.autoFilter, `${t.name} has an autofilter`);
      const header = (ws.getRow(1).values as unknown[]).slice(1);
      assert.deepEqual(
        header,
        t.columns.map((c) => (c.type === 'time' ? `${c.key} (${TZ})` : c.key)),
      );
    }
    const ws = wb.getWorksheet('reads')!;
    const cols = reportTables(doc)
      .find((t) => t.name === 'reads')!
      .columns.map((c) => c.key);
    const subjectCol = cols.indexOf('subject') + 1;
    const timeCol = cols.indexOf('time') + 1;
    for (let i = 0; i < doc.reads.length; i++) {
      const row = ws.getRow(i + 2);
      const want = doc.reads[i]!;
      // Dates: real date cells holding the Paris wall clock.
      const d = row.getCell(timeCol).value as Date;
      assert.ok(d instanceof Date);
      const w = wallClock(Date.parse(String(want.time)), TZ);
      assert.equal(d.getTime(), Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.ms));
      const subject = row.getCell(subjectCol);
      if (want.subject === null) assert.equal(subject.value, null);
      else {
        assert.equal(subject.type, ExcelJS.ValueType.String, `row ${i + 2} is a text cell`);
        assert.equal(subject.value, want.subject);
      }
    }
    const formula = doc.reads.findIndex((r) => r.subject === FORMULA_SUBJECT);
    assert.ok(formula >= 0, 'the formula-like subject is in the reads');
    assert.equal(ws.getRow(formula + 2).getCell(subjectCol).formula, undefined);
    assert.ok(ws.getRow(2).getCell(timeCol).numFmt?.startsWith('yyyy-mm-dd'));
  });

  it('CSV: one file per table, exact values; JSONL: the report.json rows', () => {
    for (const t of reportTables(doc)) {
      const parsed = Papa.parse<string[]>(readFileSync(join(out, 'csv', `${t.name}.csv`), 'utf8'), {
        skipEmptyLines: false,
      });
      const lines = parsed.data.filter((r) => !(r.length === 1 && r[0] === ''));
      assert.deepEqual(
        lines[0],
        t.columns.map((c) => c.key),
      );
      assert.equal(lines.length - 1, t.rows.length, t.name);
      lines.slice(1).forEach((line, i) => {
        const row = t.rows[i]!;
        assert.deepEqual(
          line,
          t.columns.map((c) => {
            const parts = c.key.split('.');
            let v: unknown = row;
            for (const p of parts) v = v === null || typeof v !== 'object' ? null : (v as never)[p];
            return cellText(v ?? null);
          }),
        );
      });
      const jsonl = readFileSync(join(out, 'jsonl', `${t.name}.jsonl`), 'utf8');
      assert.deepEqual(
        jsonl === ''
          ? []
          : jsonl
              .trimEnd()
              .split('\n')
              .map((l) => JSON.parse(l)),
        JSON.parse(JSON.stringify(t.rows)),
      );
    }
    const reads = readFileSync(join(out, 'csv', 'reads.csv'), 'utf8');
    assert.ok(reads.includes(`,"${FORMULA_SUBJECT.replace(/"/g, '""')}",`), 'formula text kept exactly');
    assert.ok(reads.includes(`,${XSS_SUBJECT},`));
  });

  it('CSV --excel-safe prefixes formula-like text with a quote', async () => {
    const safe = join(fx.dir, 'safe');
    await runReport({ caseDir: fx.caseDir, outDir: safe, formats: ['csv'], excelSafe: true, now: FIXED_NOW });
    const text = readFileSync(join(safe, 'csv', 'reads.csv'), 'utf8');
    assert.ok(text.startsWith('\uFEFF'));
    const rows = Papa.parse<string[]>(text.slice(1), { header: false }).data;
    const subjectAt = rows[0]!.indexOf('subject');
    const subjects = rows.slice(1).map((r) => r[subjectAt]);
    assert.ok(subjects.includes(`'${FORMULA_SUBJECT}`));
    assert.ok(!subjects.includes(FORMULA_SUBJECT));
    assert.ok(subjects.every((s) => s === undefined || !/^[=+\-@\t\r]/.test(s)));
  });

  it('Timesketch: one line per event with message, datetime, timestamp_desc and the fields', () => {
    const lines = readFileSync(join(out, 'timesketch.jsonl'), 'utf8').trimEnd().split('\n');
    assert.equal(lines.length, events.length);
    lines.forEach((line, i) => {
      const r = JSON.parse(line) as Record<string, unknown>;
      const e = events[i]!;
      assert.equal(typeof r.message, 'string');
      assert.equal(r.datetime, e.time);
      assert.ok(!Number.isNaN(Date.parse(String(r.datetime))));
      assert.equal(typeof r.timestamp_desc, 'string');
      assert.equal(r.event_id, e.id);
      assert.equal(r.mailbox, e.mailbox);
      assert.equal(r.kind, e.kind);
      assert.equal(r.operation, e.operation);
      assert.equal(r.ip, e.ip ?? undefined);
      assert.equal(r.subject, e.item?.subject);
      assert.equal(r.client_session_id, e.session.clientSessionId);
      for (const v of Object.values(r)) assert.ok(typeof v === 'string' || typeof v === 'number', 'flat');
      for (const [k, v] of Object.entries(e.properties))
        if (typeof v === 'string') assert.equal(r[`prop_${k.replace(/[^A-Za-z0-9_]/g, '_')}`], v);
    });
  });

  it('ECS: _bulk action lines and ECS-named documents', () => {
    const lines = readFileSync(join(out, 'ecs.ndjson'), 'utf8').trimEnd().split('\n');
    assert.equal(lines.length, events.length * 2);
    let geo = 0;
    events.forEach((e, i) => {
      const action = JSON.parse(lines[2 * i]!) as { create: { _index: string; _id: string } };
      assert.deepEqual(action, { create: { _index: 'mailtrail-test', _id: e.id } });
      const d = JSON.parse(lines[2 * i + 1]!) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
      assert.equal(d['@timestamp'], e.time);
      assert.equal(d.event.action, e.operation);
      assert.equal(d.event.kind, 'event');
      assert.ok(['success', 'failure', 'unknown'].includes(d.event.outcome));
      assert.equal(d.event.outcome, e.result ?? 'unknown');
      if (e.kind.startsWith('auth.')) assert.deepEqual(d.event.category.slice(0, 1), ['authentication']);
      assert.equal(d.source?.ip, e.ip ?? undefined);
      if (e.ip !== null) assert.deepEqual(d.related.ip, [e.ip]);
      assert.ok(d.related.user.includes(e.mailbox));
      assert.equal(d.user.name, e.actor ?? e.mailbox);
      assert.equal(d.user_agent?.original, e.userAgent ?? undefined);
      assert.equal(d.email?.subject, e.item?.subject);
      assert.equal(d.email?.message_id, e.item?.internetMessageId);
      if (e.item?.sender !== undefined) assert.deepEqual(d.email.from.address, [e.item.sender]);
      assert.equal(d.mailtrail.kind, e.kind);
      assert.deepEqual(d.mailtrail.properties ?? {}, e.properties);
      if (e.ip !== null && fx.attackerIps.includes(e.ip)) {
        assert.match(d.source.geo.country_iso_code, /^[A-Z]{2}$/);
        assert.equal(typeof d.source.as.number, 'number');
        assert.equal(typeof d.source.as.organization.name, 'string');
        geo++;
      }
    });
    assert.ok(geo > 0, 'attacker events carry GeoIP/ASN');
  });

  it('Parquet: Hive-partitioned by mailbox and day, the case events exactly (hyparquet)', async () => {
    const parts = await readParquetDataset(join(out, 'events.parquet'));
    const byId = new Map<string, MailboxEvent>(events.map((e) => [e.id, e]));
    let n = 0;
    for (const { path, rows } of parts) {
      const m = /^mailbox=([^/]+)\/day=(\d{4}-\d{2}-\d{2})\/[^/]+\.parquet$/.exec(path);
      assert.ok(m, path);
      for (const r of rows) {
        n++;
        const e = byId.get(String(r.id))!;
        assert.ok(e, `event ${String(r.id)}`);
        assert.equal(decodeURIComponent(m[1]!), e.mailbox);
        assert.equal(m[2], e.time.slice(0, 10));
        assert.equal(r.mailbox, e.mailbox);
        assert.equal(r.day, e.time.slice(0, 10));
        assert.equal((r.time as Date).toISOString(), e.time);
        assert.equal(r.kind, e.kind);
        assert.equal(r.operation, e.operation);
        assert.equal(r.ip, e.ip);
        assert.equal(r.user_agent, e.userAgent);
        assert.equal(r.subject, e.item?.subject ?? null);
        assert.equal(r.client_session_id, e.session.clientSessionId ?? null);
        assert.equal(r.text, e.text);
        assert.deepEqual(r.properties, e.properties);
        assert.deepEqual(r.raw, e.raw);
        assert.equal(r.raw_sha256, e.source.rawSha256);
      }
    }
    assert.equal(n, events.length);
  });

  it('Parquet from --input files (temporary DuckDB) matches the case dataset', async () => {
    const input = join(fx.dir, 'from-input');
    await runReport({ inputs: [join(fx.dir, 'scenario.json')], outDir: input, formats: ['parquet'] });
    const parts = await readParquetDataset(join(input, 'events.parquet'));
    const rows = parts.flatMap((p) => p.rows);
    assert.equal(rows.length, events.length);
    const byId = new Map<string, MailboxEvent>(events.map((e) => [e.id, e]));
    for (const r of rows) {
      const e = byId.get(String(r.id))!;
      assert.ok(e);
      assert.equal((r.time as Date).toISOString(), e.time);
      assert.equal(r.subject, e.item?.subject ?? null);
      assert.deepEqual(r.properties, e.properties);
    }
  });
});
