/**
 * --redact: subjects, queries and addresses are pseudonymised consistently in every output; the
 * key and the token map stay in the case (or in <out>/private/ without one), never in a report.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { runReport } from '../../src/case/report/index.js';
import { UsageError } from '../../src/errors.js';
import { createRedactor } from '../../src/report/redact/index.js';
import type { ReportDocument } from '../../src/report/types.js';
import { buildCase, FIXED_NOW, XSS_QUERY, XSS_SUBJECT, type Fixture } from './_fixture.js';

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

const FORMATS = ['json', 'html', 'xlsx', 'csv', 'jsonl', 'timesketch', 'ecs', 'parquet'] as const;

describe('--redact', () => {
  let fx: Fixture;
  let out: string;
  let doc: ReportDocument;
  let mapPath: string | null;

  before(async () => {
    fx = await buildCase();
    out = join(fx.dir, 'red');
    const r = await runReport({
      caseDir: fx.caseDir,
      outDir: out,
      formats: [...FORMATS],
      redact: ['subjects', 'queries', 'addresses'],
      now: FIXED_NOW,
    });
    mapPath = r.redactionMap;
    doc = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as ReportDocument;
  });

  it('keeps the key and map in the case, not in the report', () => {
    assert.equal(mapPath, join(fx.caseDir, 'redaction-map.json'));
    const file = JSON.parse(readFileSync(mapPath!, 'utf8')) as { key: string; map: Record<string, string> };
    assert.equal(Buffer.from(file.key, 'base64').length, 32);
    assert.ok(Object.values(file.map).includes(XSS_SUBJECT));
    assert.ok(Object.values(file.map).includes(XSS_QUERY));
    assert.ok(Object.values(file.map).includes(fx.victim));
    assert.equal(statSync(mapPath!).mode & 0o077, 0, 'readable by its owner only');
    assert.ok(walk(out).every((p) => !p.includes('redaction')));
  });

  it('leaves no original subject, query or address in any text output', () => {
    const file = JSON.parse(readFileSync(mapPath!, 'utf8')) as { map: Record<string, string> };
    // Short queries ("payment") also occur in rule titles and the configured search terms, which
    // are not mailbox data and stay; longer values must be gone.
    const originals = Object.values(file.map).filter((v) => v.length >= 12);
    assert.ok(originals.length > 20);
    for (const path of walk(out).filter((p) => !p.endsWith('.parquet') && !p.endsWith('.xlsx'))) {
      const text = readFileSync(path, 'utf8');
      for (const o of [fx.victim, XSS_SUBJECT, XSS_QUERY, ...originals.slice(0, 200)])
        assert.ok(!text.includes(o) && !text.includes(JSON.stringify(o).slice(1, -1)), `${o} in ${path}`);
    }
  });

  it('gives the same token everywhere, and again on the next run', async () => {
    const read = doc.reads.find((r) => typeof r.subject === 'string')!;
    const token = String(read.subject);
    assert.match(token, /^subject-[0-9a-f]{12}$/);
    assert.match(String(read.mailbox), /^address-[0-9a-f]{12}$/);
    const ts = readFileSync(join(out, 'timesketch.jsonl'), 'utf8');
    assert.ok(ts.includes(`"subject":"${token}"`));
    assert.ok(readFileSync(join(out, 'csv', 'reads.csv'), 'utf8').includes(token));
    assert.ok(readFileSync(join(out, 'report.html'), 'utf8').includes(token));
    for (const p of walk(join(out, 'events.parquet'))
      .filter((x) => x.endsWith('.parquet'))
      .slice(0, 20)) {
      const rows = (await parquetReadObjects({ file: await asyncBufferFromFile(p) })) as Record<
        string,
        unknown
      >[];
      for (const r of rows) {
        assert.match(String(r.mailbox), /^address-/);
        if (r.subject !== null) assert.match(String(r.subject), /^subject-/);
      }
      assert.match(p, /mailbox=address-[0-9a-f]{12}/);
    }
    const again = join(fx.dir, 'red2');
    await runReport({
      caseDir: fx.caseDir,
      outDir: again,
      formats: ['json'],
      redact: ['subjects'],
      now: FIXED_NOW,
    });
    const doc2 = JSON.parse(readFileSync(join(again, 'report.json'), 'utf8')) as ReportDocument;
    assert.ok(doc2.reads.some((r) => r.subject === token));
    assert.ok(
      doc2.reads.some((r) => r.mailbox === fx.victim),
      'addresses not asked: kept',
    );
  });

  it('without a case, keeps the key in <out>/private/', async () => {
    const o = join(fx.dir, 'red-input');
    const r = await runReport({
      inputs: [join(fx.dir, 'scenario.json')],
      outDir: o,
      formats: ['json'],
      redact: ['queries'],
      now: FIXED_NOW,
    });
    assert.equal(r.redactionMap, join(o, 'private', 'redaction-map.json'));
    assert.ok(existsSync(r.redactionMap!));
  });

  it('refuses the Magic Unicorn TSVs and unknown classes', async () => {
    await assert.rejects(
      runReport({
        caseDir: fx.caseDir,
        outDir: join(fx.dir, 'x'),
        formats: ['unicorn'],
        redact: ['subjects'],
      }),
      UsageError,
    );
    await assert.rejects(
      runReport({
        caseDir: fx.caseDir,
        outDir: join(fx.dir, 'x'),
        formats: ['json'],
        redact: ['bodies' as 'subjects'],
      }),
      UsageError,
    );
  });

  it('tokens are keyed: another key gives other tokens', () => {
    const a = createRedactor(Buffer.alloc(32, 1), ['subjects']);
    const b = createRedactor(Buffer.alloc(32, 2), ['subjects']);
    assert.equal(a.token('subjects', 'Invoice'), a.token('subjects', 'Invoice'));
    assert.notEqual(a.token('subjects', 'Invoice'), b.token('subjects', 'Invoice'));
    assert.equal(a.token('queries', 'wire'), 'wire', 'queries not asked');
    const c = createRedactor(Buffer.alloc(32, 1), ['addresses']);
    assert.equal(c.text('mail from Bob@Example.com'), c.text('mail from bob@example.com'));
    assert.equal(c.addresses('<abc.123@contoso.example>'), '<abc.123@contoso.example>', 'Message-IDs kept');
  });
});
