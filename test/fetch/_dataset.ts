/**
 * Small synthetic Activities data sets for retriever tests: spread over months, with ties on
 * TimeStamp, awkward property values, null item ids and empty property lists.
 */
import type { Activity } from '../../src/sources/activities-api/activity.js';

const TYPES = [
  'ServerLogon',
  'MessageDelivered',
  'ReadingPaneDisplayStart',
  'SearchSuggestionsDisplay',
  'Delete',
  'Move',
];
const APPS = ['Outlook', 'Exchange', 'Web', 'Web', 'Mobile', 'IMAP4'];
const AWKWARD = ['Don\'t pay, wire "now"', 'tab\there', 'line\nbreak', 'Straße 日本 😀', 'a;b;c', ''];

/** A deterministic mailbox of `n` activities between 2018-01-01 and 2018-06-30. */
export function makeActivities(n: number, seed = 1): Activity[] {
  let s = seed >>> 0 || 1;
  const rand = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const start = Date.parse('2018-01-01T00:00:00.000Z');
  const span = Date.parse('2018-06-30T00:00:00.000Z') - start;
  const out: Activity[] = [];
  for (let i = 0; i < n; i++) {
    // Every 7th activity shares the previous one's TimeStamp (multi-item actions).
    const prev = out[i - 1];
    const ms = prev && i % 7 === 0 ? Date.parse(prev.TimeStamp) : start + Math.floor(rand() * span);
    const t = TYPES[i % TYPES.length]!;
    const ts = new Date(ms).toISOString();
    out.push({
      Id: `ID-${seed}-${i}`,
      TimeStamp: ts,
      AppIdType: APPS[i % APPS.length]!,
      ActivityIdType: t,
      ActivityItemId: t === 'ServerLogon' ? null : `AAMk${seed}x${i}`,
      ActivityCreationTime: ts,
      ClientSessionId: `sess-${i % 13}`,
      CustomProperties:
        i % 11 === 0
          ? []
          : [
              { Name: 'Subject', Value: AWKWARD[i % AWKWARD.length]! },
              { Name: 'ClientIP', Value: `198.51.100.${i % 250}` },
            ],
    });
  }
  return out;
}
