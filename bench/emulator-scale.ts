/**
 * Emulator at scale: generates the BEC scenario at scale 25 (about a million activities), times
 * generation and indexing, then measures per-request latency over loopback HTTP for typical
 * queries against the biggest mailbox: deep $skip pages, time windows, type/app filters (indexed)
 * and an or-of-time-ranges filter (the documented scanning fallback).
 *
 * Run: node --import tsx bench/emulator-scale.ts [scale]
 */
import { generateScenarioChunks, startEmulator } from '../src/emulator/index.js';

const scale = Number(process.argv[2] ?? 25);
const TOKEN = 'bench';
const headers = { authorization: `Bearer ${TOKEN}`, prefer: 'exchange.behavior="ActivityAccess"' };

let t = performance.now();
let generated = 0;
for (const chunk of generateScenarioChunks({ seed: 1, scale })) generated += chunk.activities.length;
const generateMs = performance.now() - t;

t = performance.now();
const emu = await startEmulator({ scenario: { seed: 1, scale }, token: TOKEN });
const loadMs = performance.now() - t;
const heapMb = process.memoryUsage().heapUsed / 1e6;
const rssMb = process.memoryUsage().rss / 1e6;
const biggest = [...emu.mailboxes].sort((a, b) => b.records - a.records)[0]!;
const base = `${emu.url}/api/v2.0/Users('${biggest.upn}')/Activities?`;
const n = biggest.records;

const CASES: [string, string][] = [
  ['first page, default order, $top=1000', '$top=1000'],
  ['last page via $skip (asc)', `$orderby=TimeStamp asc&$top=1000&$skip=${n - 1000}`],
  ['middle page via $skip, $select', `$top=1000&$skip=${Math.floor(n / 2)}&$select=TimeStamp,ActivityIdType`],
  [
    'one-week window, $skip=2000',
    '$filter=TimeStamp ge 2018-03-05T00:00:00Z and TimeStamp lt 2018-03-12T00:00:00Z&$top=1000&$skip=2000',
  ],
  [
    "ActivityIdType eq 'ServerLogon', deep $skip",
    "$filter=ActivityIdType eq 'ServerLogon'&$top=1000&$skip=30000",
  ],
  [
    'CrowdStrike --types with time bounds',
    "$filter=(TimeStamp ge 2018-02-01T00:00:00Z) and (TimeStamp le 2018-06-30T00:00:00Z) and (ActivityIdType eq 'Logon' or ActivityIdType eq 'SearchResult')&$top=1000&$skip=1000",
  ],
  [
    "not (AppIdType eq 'Exchange') and type ne 'MarkAsRead', deep $skip",
    "$filter=not (AppIdType eq 'Exchange') and ActivityIdType ne 'MarkAsRead'&$top=1000&$skip=200000",
  ],
  [
    'or of two time ranges (scan fallback)',
    '$filter=TimeStamp lt 2018-01-20T00:00:00Z or TimeStamp gt 2018-06-20T00:00:00Z&$top=1000&$skip=5000',
  ],
];

console.log(
  `scale ${scale}: ${generated.toLocaleString('en-US')} activities generated in ${(generateMs / 1000).toFixed(1)} s`,
);
console.log(
  `emulator ready in ${(loadMs / 1000).toFixed(1)} s (generate + index); heap ${heapMb.toFixed(0)} MB, rss ${rssMb.toFixed(0)} MB`,
);
console.log(`mailbox ${biggest.upn}: ${n.toLocaleString('en-US')} activities\n`);
console.log('query'.padEnd(66) + 'records   median    p95 (ms)');
for (const [name, query] of CASES) {
  const times: number[] = [];
  let records = 0;
  for (let i = 0; i < 25; i++) {
    const start = performance.now();
    const res = await fetch(base + query, { headers });
    const body = (await res.json()) as { value: unknown[] };
    times.push(performance.now() - start);
    if (res.status !== 200) throw new Error(`${name}: HTTP ${res.status}`);
    records = body.value.length;
  }
  times.sort((a, b) => a - b);
  console.log(
    `${name.padEnd(66)}${String(records).padStart(7)}${times[12]!.toFixed(1).padStart(9)}${times[23]!.toFixed(1).padStart(7)}`,
  );
}
await emu.close();
