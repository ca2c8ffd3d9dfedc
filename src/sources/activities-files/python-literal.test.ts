import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatPythonRepr, parsePythonLiteral, type PythonValue } from './python-repr.js';

function parsed(text: string): unknown {
  const r = parsePythonLiteral(text);
  assert.ok(r.ok, r.ok ? '' : `${r.error.message} at ${r.error.offset}`);
  return r.value;
}

function failure(text: string): { message: string; offset: number } {
  const r = parsePythonLiteral(text);
  assert.ok(!r.ok, `expected ${JSON.stringify(text)} to be rejected`);
  return r.error;
}

test('round trip: parse(format(x)) deep-equals x', () => {
  const samples: Record<string, PythonValue>[] = [
    {},
    { a: 'b' },
    { q: "it's", d: 'say "x"', both: `it's "x"`, bs: 'C:\\n\\', nl: 'a\nb\r\tc' },
    { ctl: '\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x80\x9f', odd: '\u00a0\u00ad\u200b\u2028\u2029\ufeff' },
    { lone: '\ud800\udbff\udc00', emoji: '👨‍👩‍👧‍👦🇫🇷', cjk: '請求書', rtl: 'فاتورة' },
    { t: true, f: false, n: null, i: -12, x: 0.25, e: 1e-7, big: 9007199254740991 },
    { 'key with, comma': '', "key'q": 'v', __proto__x: 1 },
  ];
  for (const s of samples) assert.deepEqual(parsed(formatPythonRepr(s)), s);
  // Every code point of the BMP and a sample of the astral planes.
  let all = '';
  for (let c = 0; c < 0x10000; c++) all += String.fromCharCode(c);
  for (let c = 0x10000; c < 0x110000; c += 97) all += String.fromCodePoint(c);
  assert.deepEqual(parsed(formatPythonRepr({ all })), { all });
});

test('a __proto__ key becomes an own property, not the prototype', () => {
  const v = parsed("{'__proto__': {'polluted': True}}") as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(v), Object.prototype);
  assert.deepEqual(Object.keys(v), ['__proto__']);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('every escape form', () => {
  const text = String.raw`{'a': '\\ \' \" \n \r \t \a \b \f \v \0 \101 \7777 \x41 \u00e9 \U0001F600 \q', "b": "x'y"}`;
  assert.deepEqual(parsed(text), {
    a: '\\ \' " \n \r \t \x07 \b \f \v \0 A \u01ff7 A é 😀 \\q',
    b: "x'y",
  });
});

test('literals, numbers, nesting and whitespace', () => {
  assert.deepEqual(
    parsed(" { 'a' : [1, -2, 3.5, 1e-05, +4, .5, 1.] , 'b': (True, False, None,), 'c': {},} "),
    {
      a: [1, -2, 3.5, 1e-5, 4, 0.5, 1],
      b: [true, false, null],
      c: {},
    },
  );
  assert.deepEqual(parsed("{'k': 'first', 'k': 'last', 'z': 1}"), { k: 'last', z: 1 });
  assert.equal(parsed("'plain'"), 'plain');
});

test('errors carry an offset and never throw', () => {
  assert.deepEqual(failure("{'a': 'unterminated}"), { message: 'unterminated string', offset: 6 });
  const bad = failure("{'a': 'x\\xZZ'}");
  assert.equal(bad.offset, 8);
  assert.match(bad.message, /bad escape \\x/);
  assert.equal(failure("{'a': '\\U00110000'}").offset, 7);
  assert.equal(failure("{'a': '\\u12'}").offset, 7);
  assert.match(failure("{'a': '\\N{DASH}'}").message, /named escapes/);
  const trailing = failure("{'a': 1} garbage");
  assert.equal(trailing.offset, 9);
  assert.match(trailing.message, /after the value/);
  assert.equal(failure("{'a': 1").offset, 7);
  assert.equal(failure("{'a' 1}").offset, 5);
  assert.equal(failure("{'a': nope}").offset, 6);
  assert.equal(failure("{1: 'a'}").offset, 1);
  assert.equal(failure("{'a': 'line\nbreak'}").offset, 11);
  assert.equal(failure('').offset, 0);
  assert.equal(failure('{'.repeat(500)).offset, 201);
  // What Magic Unicorn's quote-stripping leaves behind (activities-api.md §6.2).
  assert.equal(failure("{'Subject': Don't pay, wire now}").offset, 12);
});
