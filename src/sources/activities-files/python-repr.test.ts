/**
 * The formatter against Python itself: every case in test/fixtures/python-repr/cases.json was
 * produced by `repr()` in CPython (scripts/make-python-fixtures.py), and printable.json is
 * `str.isprintable()` for every code point.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  formatPythonNumber,
  formatPythonRepr,
  formatPythonString,
  isPythonPrintable,
  parsePythonLiteral,
  type PythonValue,
} from './python-repr.js';

const FIXTURES = resolve(import.meta.dirname, '../../../test/fixtures/python-repr');

interface Case {
  name: string;
  pairs: [string, PythonValue][];
  repr: string;
}
const { cases } = JSON.parse(readFileSync(resolve(FIXTURES, 'cases.json'), 'utf8')) as { cases: Case[] };
const printable = JSON.parse(readFileSync(resolve(FIXTURES, 'printable.json'), 'utf8')) as {
  python: string;
  unicode: string;
  nonPrintable: [number, number][];
  unassigned: [number, number][];
};

/** Python's dict from ordered pairs: a repeated key keeps its first position, takes the last value. */
function pyDict(pairs: [string, PythonValue][]): Map<string, PythonValue> {
  const m = new Map<string, PythonValue>();
  for (const [k, v] of pairs) m.set(k, v);
  return m;
}

test('fixtures hold enough Python cases', () => {
  assert.ok(cases.length > 80, `only ${cases.length} cases`);
});

for (const c of cases) {
  test(`repr is byte-identical to Python: ${c.name}`, () => {
    assert.equal(formatPythonRepr(pyDict(c.pairs)), c.repr);
  });
}

test('parsing Python repr output gives Python values back', () => {
  for (const c of cases) {
    const r = parsePythonLiteral(c.repr);
    assert.ok(r.ok, `${c.name}: ${r.ok ? '' : r.error.message}`);
    assert.deepEqual(Object.entries(r.value as object), [...pyDict(c.pairs)], c.name);
  }
});

test('isprintable agrees with Python for every code point, except ones Python\u2019s Unicode has unassigned', () => {
  const inRanges = (ranges: [number, number][]) => {
    const set = new Uint8Array(0x110000);
    for (const [a, b] of ranges) set.fill(1, a, b + 1);
    return set;
  };
  const pyNon = inRanges(printable.nonPrintable);
  const pyUnassigned = inRanges(printable.unassigned);
  const mismatches: number[] = [];
  let newer = 0;
  for (let cp = 0; cp < 0x110000; cp++) {
    const ours = isPythonPrintable(String.fromCodePoint(cp));
    if (ours === !pyNon[cp]) continue;
    // Assigned in the JS engine's newer Unicode, unassigned (so escaped) in Python's.
    if (ours && pyUnassigned[cp]) newer++;
    else mismatches.push(cp);
  }
  assert.deepEqual(
    mismatches.map((c) => c.toString(16)),
    [],
  );
  // Sanity: the difference is bounded by what Unicode added after Python's version.
  assert.ok(newer < 20000, `${newer} code points differ by Unicode version (Python ${printable.unicode})`);
});

test('specific code points', () => {
  const cases: [string, string][] = [
    ['\u00a0', "'\\xa0'"],
    ['\u00ad', "'\\xad'"],
    ['\u200b', "'\\u200b'"],
    ['\u2028', "'\\u2028'"],
    ['\ufeff', "'\\ufeff'"],
    ['\ud800', "'\\ud800'"],
    ['\udfff', "'\\udfff'"],
    ['\u{10ffff}', "'\\U0010ffff'"],
    ['\u{e0001}', "'\\U000e0001'"],
    ['😀', "'😀'"],
    ['é', "'é'"],
    [' ', "' '"],
    ['\u3000', "'\\u3000'"],
    ["it's", '"it\'s"'],
    ['say "x"', `'say "x"'`],
    [`it's "x"`, `'it\\'s "x"'`],
    ['a\\b', "'a\\\\b'"],
  ];
  for (const [s, want] of cases) assert.equal(formatPythonString(s), want, JSON.stringify(s));
});

test('numbers print as Python ints and floats', () => {
  const cases: [number, string][] = [
    [0, '0'],
    [-0, '0'],
    [42, '42'],
    [-7, '-7'],
    [1e21, '1000000000000000000000'],
    [0.5, '0.5'],
    [-2.5, '-2.5'],
    [1e-5, '1e-05'],
    [1.5e-7, '1.5e-07'],
    [0.0001, '0.0001'],
    [1 / 3, '0.3333333333333333'],
    [123456.789, '123456.789'],
    [1.2345678901234568e-300, '1.2345678901234568e-300'],
    [5e-324, '5e-324'],
    [
      1.7976931348623157e308,
      '179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368',
    ],
    [Infinity, 'inf'],
    [-Infinity, '-inf'],
    [NaN, 'nan'],
  ];
  for (const [n, want] of cases) assert.equal(formatPythonNumber(n), want, String(n));
});

test('empty dict, nested values, plain objects', () => {
  assert.equal(formatPythonRepr({}), '{}');
  assert.equal(formatPythonRepr(new Map()), '{}');
  assert.equal(
    formatPythonRepr({ a: [1, 'x', null], b: { c: true } }),
    "{'a': [1, 'x', None], 'b': {'c': True}}",
  );
});
