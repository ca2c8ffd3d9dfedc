/** Unit checks of the renderers: the html helper, CSV quoting, XLSX sheet splitting, zones. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { escapeHtml, html, jsonForScript, raw } from '../../src/report/html/html.js';
import { csvField, csvLine, excelSafeText } from '../../src/report/csv/index.js';
import { writeXlsx } from '../../src/report/xlsx/index.js';
import { checkTimeZone, formatInstant, zoneOffsetMinutes } from '../../src/report/tables/time-zone.js';
import { UsageError } from '../../src/errors.js';

test('html`` escapes by default and keeps raw() and nested html', () => {
  const subject = '<img src=x onerror="alert(1)">&\'';
  assert.equal(
    html`<td>${subject}</td>`.value,
    '<td>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&#39;</td>',
  );
  assert.equal(html`<p>${html`<b>${'<i>'}</b>`}${raw('<br>')}</p>`.value, '<p><b>&lt;i&gt;</b><br></p>');
  assert.equal(html`${null}${undefined}${false}${true}${0}${['a', '<']}`.value, '0a&lt;');
  assert.equal(escapeHtml('"'), '&quot;');
});

test('JSON data blocks cannot close their script element and parse back exactly', () => {
  const data = { s: '</script><script>alert(1)</script><!-- \u2028 &amp;' };
  const text = jsonForScript(data);
  assert.ok(!/[<>&\u2028]/.test(text));
  assert.deepEqual(JSON.parse(text), data);
});

test('CSV quoting is exact; --excel-safe neutralises formula starts only', () => {
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"\nnow\r'), '"say ""hi""\nnow\r"');
  assert.equal(csvLine(['=1+1', '']), '=1+1,\n');
  for (const s of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) assert.equal(excelSafeText(s), `'${s}`);
  for (const s of ['a=1', '1', "'x", '']) assert.equal(excelSafeText(s), s);
});

test('XLSX splits a long table over several sheets', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'mt-xlsx-')), 'x.xlsx');
  const rows = Array.from({ length: 7 }, (_, i) => ({
    time: `2018-06-12T14:0${i}:00.000Z`,
    subject: `=${i}`,
  }));
  const sheets = await writeXlsx(
    path,
    [
      {
        name: 'reads',
        title: 'Reads',
        columns: [
          { key: 'time', type: 'time' },
          { key: 'subject', type: 'text' },
        ],
        rows,
      },
    ],
    { about: [], maxRowsPerSheet: 3, timeZone: 'UTC' },
  );
  assert.deepEqual(sheets, ['About', 'reads', 'reads (2)', 'reads (3)']);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const counts = ['reads', 'reads (2)', 'reads (3)'].map((n) => wb.getWorksheet(n)!.actualRowCount - 1);
  assert.deepEqual(counts, [3, 3, 1]);
  const cell = wb.getWorksheet('reads (3)')!.getRow(2).getCell(2);
  assert.equal(cell.value, '=6');
  assert.equal(cell.type, ExcelJS.ValueType.String);
});

test('time zones: display only, DST-aware, unknown zones refused', () => {
  assert.equal(formatInstant('2018-06-12T14:03:11.931Z', 'Europe/Paris'), '2018-06-12 16:03:11.931');
  assert.equal(formatInstant('2018-01-12T14:03:11.931Z', 'Europe/Paris'), '2018-01-12 15:03:11.931');
  assert.equal(formatInstant('2018-06-12T14:03:11.931Z', 'UTC'), '2018-06-12 14:03:11.931');
  assert.equal(zoneOffsetMinutes(Date.parse('2018-06-12T00:00:00Z'), 'America/New_York'), -240);
  assert.throws(() => checkTimeZone('Mars/Olympus'), UsageError);
});
