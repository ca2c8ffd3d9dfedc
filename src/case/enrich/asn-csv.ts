/**
 * The ip-location-db ASN CSV reader: numeric ranges (`start,end,asn,org`, ascending) streamed
 * once per file and matched against the sorted needed IPs, so only matches are kept.
 *
 * @module
 */
import { createReadStream, existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { UsageError } from '../../errors.js';
import { parseIpv4 } from '../../analyses/logons/ip-class.js';
import type { GeoEntry, GeoSource } from './geo-types.js';

/**
 * ASN from ip-location-db numeric CSV files (`start,end,asn,org`, ranges ascending): one streamed
 * pass per file, advancing through the sorted IPs; only matches are kept.
 */
export async function csvAsnLookup(
  files: readonly string[],
  v4: readonly string[],
  v6: readonly string[],
  entry: (ip: string) => Pick<GeoEntry, 'asn' | 'asOrg'>,
  description: string | null,
  buildDate: string | null,
  attribution: string | null = null,
): Promise<GeoSource> {
  let lookups = 0;
  for (const file of files) {
    if (!existsSync(file)) throw new UsageError(`[report] ASN database not found: ${file}`);
    const isV6 = /ipv6/i.test(file) || (v4.length === 0 && v6.length > 0);
    const targets = (
      isV6
        ? v6.map((ip) => [ip, ipv6ToBigInt(ip)] as const)
        : v4.map((ip) => [ip, BigInt(parseIpv4(ip)!)] as const)
    )
      .filter((t): t is readonly [string, bigint] => t[1] !== null)
      .sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
    lookups += targets.length;
    if (targets.length === 0) continue;
    let i = 0;
    const rl = createInterface({
      input: createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }),
      crlfDelay: Infinity,
    });
    for await (const line of rl) {
      if (i >= targets.length) break;
      const c1 = line.indexOf(',');
      const c2 = line.indexOf(',', c1 + 1);
      if (c1 < 0 || c2 < 0) continue;
      const startText = line.slice(0, c1);
      const endText = line.slice(c1 + 1, c2);
      if (!/^\d+$/.test(startText) || !/^\d+$/.test(endText)) continue;
      const start = BigInt(startText);
      const end = BigInt(endText);
      while (i < targets.length && targets[i]![1] < start) i++;
      let j = i;
      while (j < targets.length && targets[j]![1] <= end) {
        const rest = line.slice(c2 + 1);
        const c3 = rest.indexOf(',');
        const asn = Number(c3 < 0 ? rest : rest.slice(0, c3));
        let org = c3 < 0 ? '' : rest.slice(c3 + 1);
        if (org.startsWith('"') && org.endsWith('"')) org = org.slice(1, -1).replace(/""/g, '"');
        const e = entry(targets[j]![0]);
        if (Number.isFinite(asn)) e.asn = asn;
        if (org) e.asOrg = org;
        j++;
      }
      i = j;
    }
    rl.close();
  }
  const info = await Promise.all(files.map((f) => stat(f).catch(() => null)));
  return {
    kind: 'asn',
    files: files.map((f) => resolve(f)),
    description: description ?? `ASN CSV ${files.join(', ')}`,
    buildDate: buildDate ?? (info[0] ? info[0].mtime.toISOString().slice(0, 10) : null),
    attribution,
    lookups,
  };
}

export function ipv6ToBigInt(ip: string): bigint | null {
  let s = ip.toLowerCase();
  const v4tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4tail) {
    const n = parseIpv4(v4tail[1]!);
    if (n === null) return null;
    s = s.slice(0, -v4tail[1]!.length) + `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const parts = s.split('::');
  if (parts.length > 2) return null;
  const head = parts[0] ? parts[0].split(':') : [];
  const tail = parts.length === 2 && parts[1] ? parts[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (parts.length === 1 && missing !== 0)) return null;
  const groups = [...head, ...Array<string>(missing).fill('0'), ...tail];
  let n = 0n;
  for (const g of groups) {
    if (!/^[0-9a-f]{1,4}$/.test(g)) return null;
    n = (n << 16n) | BigInt(parseInt(g, 16));
  }
  return n;
}
