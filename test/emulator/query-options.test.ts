/**
 * `$select`, `$orderby`, `$top`, `$skip`, option encodings (`%24`, `+`, `%20`), the exact query
 * strings of the CrowdStrike retriever and the LMG fork, paging and `@odata.nextLink`.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { STANDARD_PROPERTIES } from '../../src/sources/activities-api/activity.js';
import { ALICE, ALICE_PATH, call, sortedAsc, startTestEmulator } from './_helpers.js';

let emu: RunningEmulator;
let linked: RunningEmulator;
before(async () => {
  emu = await startTestEmulator();
  linked = await startTestEmulator({ nextLink: true, defaultOrder: 'asc' });
});
after(async () => {
  await emu.close();
  await linked.close();
});
const asc = sortedAsc(ALICE);

describe('$select', () => {
  test('default: Id plus the seven standard properties, in that order', async () => {
    const r = await call(emu.url, ALICE_PATH);
    assert.deepEqual(Object.keys(r.json.value![0]!), ['Id', ...STANDARD_PROPERTIES]);
    assert.equal(r.json.value!.length, 10, 'default $top is 10');
  });
  test('only the selected properties, in $select order', async () => {
    const r = await call(emu.url, `${ALICE_PATH}?$select=ClientSessionId, TimeStamp,Id`);
    assert.deepEqual(Object.keys(r.json.value![0]!), ['ClientSessionId', 'TimeStamp', 'Id']);
  });
  for (const [select, message] of [
    ['Subject', /Could not find a property named 'Subject'/],
    ['timestamp', /did you mean 'TimeStamp'/],
    ['', /'\$select' is empty/],
    ['TimeStamp,,Id', /empty property name at item 2/],
  ] as const) {
    test(`400 for $select=${select}`, async () => {
      const r = await call(emu.url, `${ALICE_PATH}?$select=${select}`);
      assert.equal(r.status, 400);
      assert.equal(r.json.error?.code, 'BadRequest');
      assert.match(r.json.error!.message, message);
    });
  }
});

describe('$orderby, $top, $skip', () => {
  test('default order is newest first; asc and desc on request', async () => {
    const byDefault = await call(emu.url, `${ALICE_PATH}?$top=5&$select=Id`);
    assert.deepEqual(
      byDefault.json.value!.map((v) => v.Id),
      asc
        .slice(-5)
        .reverse()
        .map((a) => a.Id),
    );
    const a = await call(emu.url, `${ALICE_PATH}?$top=5&$select=Id&$orderby=TimeStamp asc`);
    assert.deepEqual(
      a.json.value!.map((v) => v.Id),
      asc.slice(0, 5).map((x) => x.Id),
    );
    const d = await call(emu.url, `${ALICE_PATH}?$top=5&$select=Id&$orderby=TimeStamp+desc`);
    assert.deepEqual(d.json.value, byDefault.json.value);
    const plain = await call(linked.url, `${ALICE_PATH}?$top=5&$select=Id&$orderby=TimeStamp`);
    assert.deepEqual(
      plain.json.value!.map((v) => v.Id),
      asc.slice(0, 5).map((x) => x.Id),
    );
  });
  test('--default-order asc', async () => {
    const r = await call(linked.url, `${ALICE_PATH}?$top=3&$select=Id`);
    assert.deepEqual(
      r.json.value!.map((v) => v.Id),
      asc.slice(0, 3).map((x) => x.Id),
    );
  });
  for (const [query, message] of [
    ['$orderby=Id', /must be 'TimeStamp'/],
    ['$orderby=TimeStamp up', /must be 'TimeStamp'/],
    ['$top=0', /between 1 and 1000, not 0/],
    ['$top=-1', /between 1 and 1000, not -1/],
    ['$top=1001', /between 1 and 1000, not 1001/],
    ['$top=2.5', /whole number, not '2.5'/],
    ['$top=ten', /whole number/],
    ['$top=', /whole number/],
    ['$skip=-1', /at least 0/],
    ['$skip=1e3', /whole number/],
    ['$skip=99999999999999999999', /at least 0/],
    ['$top=5&%24top=6', /'\$top' appears more than once/],
    ['$count=true', /'\$count' is not supported/],
    ['$Filter=x', /did you mean '\$filter'/],
    ['$filter=%ZZ', /malformed percent-encoding/],
  ] as const) {
    test(`400 for ${query}`, async () => {
      const r = await call(emu.url, `${ALICE_PATH}?${query}`);
      assert.equal(r.status, 400, r.text);
      assert.match(r.json.error!.message, message);
    });
  }
  test('$top=1000 and $skip beyond the end', async () => {
    assert.equal((await call(emu.url, `${ALICE_PATH}?$top=1000`)).json.value!.length, 600);
    assert.deepEqual((await call(emu.url, `${ALICE_PATH}?$skip=600`)).json.value, []);
  });
  test('parameters without $ are ignored', async () => {
    assert.equal((await call(emu.url, `${ALICE_PATH}?api-version=2&x&$top=2`)).json.value!.length, 2);
  });
});

describe('client encodings', () => {
  const expected = asc.filter(
    (a) =>
      Date.parse(a.TimeStamp) >= Date.parse('2018-05-01T00:00:00Z') && a.ActivityIdType === 'ServerLogon',
  );
  test('the exact query string of the CrowdStrike retriever', async () => {
    const q =
      '?%24filter=%28TimeStamp+ge+2018-05-01T00%3A00%3A00Z%29+and+%28ActivityIdType+eq+%27ServerLogon%27%29&%24top=1000&%24skip=0&%24select=TimeStamp%2CAppIdType%2CActivityIdType%2CActivityItemId%2CActivityCreationTime%2CClientSessionId%2CCustomProperties';
    const r = await call(emu.url, `${ALICE_PATH}${q}`, {
      'user-agent': 'PythonOutlookService/1.0',
      accept: 'application/json; odata.metadata=none',
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.value!.length, expected.length);
    assert.deepEqual(Object.keys(r.json.value![0]!), [...STANDARD_PROPERTIES]);
    assert.deepEqual(
      new Set(r.json.value!.map((v) => v.ClientSessionId)),
      new Set(expected.map((a) => a.ClientSessionId)),
    );
  });
  test("the CrowdStrike retriever's empty $filter (entire history)", async () => {
    const r = await call(
      emu.url,
      `${ALICE_PATH}?%24filter=&%24top=1000&%24skip=0&%24select=TimeStamp%2CAppIdType`,
    );
    assert.equal(r.json.value!.length, 600);
  });
  test("the LMG fork's literal $orderby mixed with %24filter, ascending", async () => {
    const r = await call(
      emu.url,
      `${ALICE_PATH}?$orderby=TimeStamp%20asc&%24filter=%28TimeStamp+ge+2018-05-01T00%3A00%3A00Z%29+and+%28ActivityIdType+eq+%27ServerLogon%27%29&%24top=1000&%24skip=0&%24select=TimeStamp%2CClientSessionId`,
    );
    assert.deepEqual(
      r.json.value!.map((v) => v.ClientSessionId),
      expected.map((a) => a.ClientSessionId),
    );
  });
  test('EXOMailActivity style: literal $ and %20', async () => {
    const r = await call(
      emu.url,
      `${ALICE_PATH}?$filter=(TimeStamp%20ge%202018-05-01T00:00:00Z%20and%20ActivityIdType%20eq%20'ServerLogon')&$top=500&$orderby=TimeStamp+asc&$select=ClientSessionId`,
    );
    assert.deepEqual(
      r.json.value!.map((v) => v.ClientSessionId),
      expected.map((a) => a.ClientSessionId),
    );
  });
});

describe('paging', () => {
  for (const top of [1, 7, 1000]) {
    test(`$skip paging with $top=${top} returns every record exactly once`, async () => {
      const seen: string[] = [];
      for (let skip = 0; ; skip += top) {
        const r = await call(emu.url, `${ALICE_PATH}?$top=${top}&$skip=${skip}&$select=Id`);
        seen.push(...r.json.value!.map((v) => v.Id as string));
        if (r.json.value!.length < top) break;
      }
      assert.equal(seen.length, 600);
      assert.equal(new Set(seen).size, 600);
      assert.deepEqual(seen, asc.map((a) => a.Id).reverse());
    });
  }
  test('nextLink mode: absolute link with the same query and the next $skip, none on the last page', async () => {
    let url: string | undefined =
      `${linked.url}${ALICE_PATH}?%24filter=AppIdType+eq+%27Web%27&$select=Id&$top=50`;
    const ids: string[] = [];
    let pages = 0;
    while (url) {
      const r = await call('', url);
      ids.push(...r.json.value!.map((v) => v.Id as string));
      url = r.json['@odata.nextLink'];
      if (url)
        assert.match(
          url,
          new RegExp(
            `^${linked.url}/api/v2\\.0/.*%24filter=AppIdType\\+eq\\+%27Web%27.*%24skip=${(pages + 1) * 50}$`,
          ),
        );
      pages++;
    }
    assert.deepEqual(
      ids,
      asc.filter((a) => a.AppIdType === 'Web').map((a) => a.Id),
    );
    const plain = await call(emu.url, `${ALICE_PATH}?$top=5`);
    assert.equal(plain.json['@odata.nextLink'], undefined, 'off by default');
  });
});
