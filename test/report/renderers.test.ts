import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeTsvValue, parseTsvLine, tsvLine, unescapeTsvValue } from '../../src/report/tsv.js';
import { jsonChunks, renderJson } from '../../src/report/json.js';

test('TSV escaping is lossless and changes only backslash, tab, LF and CR', () => {
  const values = [
    'plain',
    'tab\there',
    'line\nfeed',
    'cr\rlf\r\n',
    'back\\slash\\t',
    '"quotes" \'single\'; semi, comma',
    '😀 請求書 שלום',
    '',
    '=1+1',
  ];
  for (const v of values) assert.equal(unescapeTsvValue(escapeTsvValue(v)), v);
  assert.equal(escapeTsvValue('a\tb\nc\\d\re'), 'a\\tb\\nc\\\\d\\re');
  assert.equal(escapeTsvValue('"x";y'), '"x";y');
  const line = tsvLine(values);
  assert.ok(line.endsWith('\n'));
  assert.equal(line.slice(0, -1).split('\n').length, 1);
  assert.deepEqual(parseTsvLine(line.slice(0, -1)), values);
});

test('report.json chunks concatenate to JSON.stringify(doc, null, 2)', () => {
  const doc = {
    meta: { a: 1, b: [1, 2] },
    rows: [
      { x: 'tab\t"q"', y: null },
      { x: '😀', y: [1] },
    ],
    empty: [],
    none: undefined,
    s: 'x',
  };
  assert.equal(renderJson(doc), JSON.stringify(doc, null, 2) + '\n');
  assert.ok([...jsonChunks(doc)].length > 4);
  assert.equal(renderJson({}), '{}\n');
});
