/**
 * Shared helpers of the emulator tests: a small synthetic data set with known contents (ties,
 * null item ids, every AppIdType), a started emulator, and a request function speaking to it over
 * real loopback HTTP.
 */
import type { Activity } from '../../src/sources/activities-api/activity.js';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';
import { Rng } from '../../src/emulator/prng.js';

export const A = 'alice@contoso.example';
export const B = 'bob@contoso.example';
export const TOKEN = 'test-token';
export const PREFER = 'exchange.behavior="ActivityAccess"';
export const TYPES = [
  'ServerLogon',
  'Logon',
  'MessageDelivered',
  'MarkAsRead',
  'SearchResult',
  'Delete',
] as const;
export const APPS = ['Exchange', 'Outlook', 'Web', 'Mobile', 'IMAP4'] as const;

/** `n` activities from a seeded stream; about one in five shares its TimeStamp with another. */
export function syntheticActivities(n: number, seed = 7): Activity[] {
  const rng = new Rng(seed);
  const out: Activity[] = [];
  let t = Date.UTC(2018, 4, 1);
  for (let i = 0; i < n; i++) {
    if (!rng.chance(0.2)) t += rng.int(1, 3_600_000);
    const type = rng.pick(TYPES);
    out.push({
      Id: `id-${String(i).padStart(6, '0')}-${rng.hex(4)}`,
      TimeStamp: new Date(t).toISOString(),
      AppIdType: rng.pick(APPS),
      ActivityIdType: type,
      ActivityItemId: type.endsWith('Logon') ? null : `item-${i}`,
      ActivityCreationTime: new Date(t + 5).toISOString(),
      ClientSessionId: rng.guid(),
      CustomProperties: i % 11 === 0 ? [] : [{ Name: 'Subject', Value: `s "${i}", 'x';\tü😀` }],
    });
  }
  // Shuffle: the server must sort whatever order the file has.
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j] as Activity, out[i] as Activity];
  }
  return out;
}

/** Reference order: TimeStamp, then Id. */
export function sortedAsc(list: readonly Activity[]): Activity[] {
  return [...list].sort(
    (a, b) =>
      Date.parse(a.TimeStamp) - Date.parse(b.TimeStamp) || (a.Id! < b.Id! ? -1 : a.Id! > b.Id! ? 1 : 0),
  );
}

export const ALICE = syntheticActivities(600);
export const BOB = syntheticActivities(40, 99);

export async function startTestEmulator(extra: Partial<EmulatorOptions> = {}): Promise<RunningEmulator> {
  return startEmulator({ data: { mailboxes: { [A]: ALICE, [B]: BOB } }, token: TOKEN, ...extra });
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: {
    value?: Record<string, unknown>[];
    error?: { code: string; message: string };
    '@odata.nextLink'?: string;
  };
}

/** GET (or another method) with the usual headers unless overridden (`null` removes one). */
export async function call(
  base: string,
  path: string,
  headers: Record<string, string | null> = {},
  method = 'GET',
): Promise<Reply> {
  const h: Record<string, string> = { authorization: `Bearer ${TOKEN}`, prefer: PREFER };
  for (const [k, v] of Object.entries(headers)) {
    if (v === null) delete h[k.toLowerCase()];
    else h[k.toLowerCase()] = v;
  }
  const res = await fetch(base + path, { method, headers: h });
  const text = await res.text();
  let json: Reply['json'];
  try {
    json = JSON.parse(text) as Reply['json'];
  } catch {
    json = {};
  }
  return { status: res.status, headers: res.headers, text, json };
}

export const ALICE_PATH = `/api/v2.0/Users('${A}')/Activities`;
