/**
 * The `$filter` grammar: valid expressions select exactly what a naive evaluation selects, and
 * malformed ones are 400s whose message names the position and what was expected.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Activity } from '../../src/sources/activities-api/activity.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { parseFilter } from '../../src/emulator/odata/filter-parser.js';
import { ALICE, ALICE_PATH, call, sortedAsc, startTestEmulator } from './_helpers.js';

let emu: RunningEmulator;
before(async () => {
  emu = await startTestEmulator();
});
after(() => emu.close());

const ts = (a: Activity) => Date.parse(a.TimeStamp);
const T1 = '2018-05-03T00:00:00Z';
const T2 = '2018-05-06T12:00:00Z';
const t1 = Date.parse(T1);
const t2 = Date.parse(T2);
const mid = sortedAsc(ALICE)[300]!.TimeStamp;

/** [filter, reference predicate] pairs. */
const VALID: [string, (a: Activity) => boolean][] = [
  ['', () => true],
  ['   ', () => true],
  [`TimeStamp ge ${T1}`, (a) => ts(a) >= t1],
  [`TimeStamp gt ${mid}`, (a) => ts(a) > Date.parse(mid)],
  [`TimeStamp lt ${mid}`, (a) => ts(a) < Date.parse(mid)],
  [`TimeStamp eq ${mid}`, (a) => ts(a) === Date.parse(mid)],
  [`TimeStamp ne ${mid}`, (a) => ts(a) !== Date.parse(mid)],
  [`(TimeStamp ge ${T1}) and (TimeStamp le ${T2})`, (a) => ts(a) >= t1 && ts(a) <= t2],
  [`TimeStamp ge datetimeoffset'${T1}' and TimeStamp le '${T2}'`, (a) => ts(a) >= t1 && ts(a) <= t2],
  [`TimeStamp ge 2018-05-03T02:00:00+02:00`.replace('+', '%2B'), (a) => ts(a) >= t1],
  ["ActivityIdType eq 'ServerLogon'", (a) => a.ActivityIdType === 'ServerLogon'],
  ["ActivityIdType ne 'ServerLogon'", (a) => a.ActivityIdType !== 'ServerLogon'],
  ["AppIdType eq 'Web'", (a) => a.AppIdType === 'Web'],
  ["ActivityIdType eq 'NoSuchType'", () => false],
  [
    `(TimeStamp ge ${T1}) and (TimeStamp le ${T2}) and (ActivityIdType eq 'ServerLogon' or ActivityIdType eq 'Logon')`,
    (a) => ts(a) >= t1 && ts(a) <= t2 && (a.ActivityIdType === 'ServerLogon' || a.ActivityIdType === 'Logon'),
  ],
  [
    `TimeStamp ge ${T1} and TimeStamp le ${T2} and ActivityIdType eq 'MarkAsRead' and AppIdType eq 'Outlook'`,
    (a) => ts(a) >= t1 && ts(a) <= t2 && a.ActivityIdType === 'MarkAsRead' && a.AppIdType === 'Outlook',
  ],
  [
    "ActivityIdType eq 'Delete' or AppIdType eq 'IMAP4'",
    (a) => a.ActivityIdType === 'Delete' || a.AppIdType === 'IMAP4',
  ],
  [
    "not (AppIdType eq 'Web' or AppIdType eq 'Mobile')",
    (a) => !(a.AppIdType === 'Web' || a.AppIdType === 'Mobile'),
  ],
  [`not (TimeStamp lt ${T1})`, (a) => !(ts(a) < t1)],
  [`not not (TimeStamp lt ${T1})`, (a) => ts(a) < t1],
  [`TimeStamp lt ${T1} or TimeStamp gt ${T2}`, (a) => ts(a) < t1 || ts(a) > t2],
  [
    `(TimeStamp lt ${T1} or TimeStamp gt ${T2}) and ActivityIdType eq 'Logon'`,
    (a) => (ts(a) < t1 || ts(a) > t2) && a.ActivityIdType === 'Logon',
  ],
  [`not (TimeStamp ge ${T1} and AppIdType eq 'Web')`, (a) => !(ts(a) >= t1 && a.AppIdType === 'Web')],
  [`TimeStamp ge ${T1} or ActivityIdType eq 'Logon'`, (a) => ts(a) >= t1 || a.ActivityIdType === 'Logon'],
  [`((((ActivityIdType eq 'Logon'))))`, (a) => a.ActivityIdType === 'Logon'],
  [`\tActivityIdType   eq\t'Logon'  `, (a) => a.ActivityIdType === 'Logon'],
];

/** Pages through a filter with $top=97 in both orders and compares with the reference. */
async function fetchAll(filter: string, order: 'asc' | 'desc'): Promise<string[]> {
  const ids: string[] = [];
  for (let skip = 0; ; skip += 97) {
    const r = await call(
      emu.url,
      `${ALICE_PATH}?$filter=${encodeURIComponent(filter).replace(/%25/g, '%')}&$orderby=TimeStamp ${order}&$top=97&$skip=${skip}&$select=Id`,
    );
    assert.equal(r.status, 200, `${filter}: ${r.text}`);
    ids.push(...r.json.value!.map((v) => v.Id as string));
    if (r.json.value!.length < 97) return ids;
  }
}

describe('valid filters select what a naive evaluation selects', () => {
  for (const [filter, predicate] of VALID) {
    test(filter || '(empty)', async () => {
      const expected = sortedAsc(ALICE)
        .filter(predicate)
        .map((a) => a.Id!);
      assert.deepEqual(await fetchAll(filter, 'asc'), expected);
      assert.deepEqual(await fetchAll(filter, 'desc'), [...expected].reverse());
    });
  }
});

const MALFORMED: [string, RegExp][] = [
  ['TimeStamp', /position 10: expected a comparison operator .* but the filter ended/],
  ['TimeStamp gte 2018-05-01T00:00:00Z', /position 11: expected a comparison operator.*found 'gte'/],
  ['TimeStamp ge', /position 13: expected a DateTimeOffset literal .* but the filter ended/],
  ['TimeStamp ge 2018-13-01T00:00:00Z', /position 14: .*no such calendar date/],
  ['TimeStamp ge 2018-05-01T00:00:00', /position 14: .*zone is missing/],
  ['TimeStamp ge 2018-05-01T00:00:00 02:00', /encode the zone offset as %2B/],
  ['TimeStamp ge 2018-05-01', /position 14: .*ISO 8601/],
  ["TimeStamp ge 'yesterday'", /position 14: 'yesterday' is not a valid DateTimeOffset/],
  ['ActivityIdType eq ServerLogon', /position 19: expected a quoted string/],
  ['ActivityIdType eq "ServerLogon"', /position 19: unexpected character '"'.*single quotes/],
  ["ActivityIdType gt 'A'", /position 16: ActivityIdType can only be compared with eq or ne/],
  ["ActivityIdType eq 'Logon", /position 19: the string literal is not closed/],
  [
    "activityidtype eq 'Logon'",
    /position 1: unknown property 'activityidtype' \(names are case-sensitive: did you mean 'ActivityIdType'\?\)/,
  ],
  ["ClientSessionId eq 'x'", /unknown property 'ClientSessionId'/],
  [
    "ActivityIdType eq 'A' AND AppIdType eq 'Web'",
    /position 23: expected 'and', 'or' or the end of the filter but found 'AND' \(keywords are lower-case: 'and'\)/,
  ],
  ["ActivityIdType EQ 'A'", /expected a comparison operator.*found 'EQ' \(keywords are lower-case: 'eq'\)/],
  ["(ActivityIdType eq 'A'", /position 23: expected '\)' to close the '\(' at position 1/],
  ["ActivityIdType eq 'A')", /position 22: expected a '\)' without a matching '\('|position 22/],
  ["ActivityIdType eq 'A' and", /position 26: expected a property .* but the filter ended/],
  ["and ActivityIdType eq 'A'", /position 1: unknown property 'and'|position 1/],
  ["not ActivityIdType eq 'A'", /'not' at position 1 applies to a parenthesised expression/],
  ['()', /position 2: expected a property/],
  ["ActivityIdType eq 'A' ActivityIdType eq 'B'", /position 23: expected 'and', 'or'/],
  ['TimeStamp ge 2018-05-01T00:00:00Z;', /unexpected character ';'/],
  ['('.repeat(100) + "ActivityIdType eq 'A'" + ')'.repeat(100), /nesting deeper than 64/],
];

describe('malformed filters: 400 naming position and expectation', () => {
  for (const [filter, message] of MALFORMED) {
    test(filter.length > 60 ? `${filter.slice(0, 60)}…` : filter, async () => {
      const r = await call(emu.url, `${ALICE_PATH}?%24filter=${encodeURIComponent(filter)}`);
      assert.equal(r.status, 400, r.text);
      assert.equal(r.json.error?.code, 'ErrorInvalidUrlQueryFilter');
      assert.match(r.json.error!.message, /^Invalid \$filter at position \d+: /);
      assert.match(r.json.error!.message, message);
    });
  }
});

test('parser builds left-associative and/or with and binding tighter', () => {
  const ast = parseFilter("ActivityIdType eq 'A' or ActivityIdType eq 'B' and AppIdType eq 'Web'");
  assert.equal(ast?.kind, 'or');
  assert.equal(ast?.kind === 'or' ? ast.right.kind : '', 'and');
  const seven = parseFilter('TimeStamp ge 2018-05-01T00:00:00.1234567Z');
  assert.deepEqual(seven, {
    kind: 'time',
    op: 'ge',
    value: { ms: Date.parse('2018-05-01T00:00:00.123Z'), ticks: 4567 },
  });
});
