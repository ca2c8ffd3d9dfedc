import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseInstant, parseUsDateTime } from './time.js';
import { normalizeIp } from './ip.js';

test('parseInstant: zones, fractions, zoneless UTC and impossible dates', () => {
  assert.equal(parseInstant('2018-06-12T09:21:03.402Z'), '2018-06-12T09:21:03.402Z');
  assert.equal(parseInstant('2018-06-12T09:21:03.4025678Z'), '2018-06-12T09:21:03.402Z');
  assert.equal(parseInstant('2023-09-15T18:16:53'), '2023-09-15T18:16:53.000Z');
  assert.equal(parseInstant('2023-09-15T18:16:53', { zoneless: 'reject' }), null);
  assert.equal(parseInstant('2018-06-12T11:21:03+02:00'), '2018-06-12T09:21:03.000Z');
  assert.equal(parseInstant('2018-06-12T04:21:03.5-0500'), '2018-06-12T09:21:03.500Z');
  assert.equal(parseInstant('2018-02-30T00:00:00Z'), null);
  assert.equal(parseInstant('2018-06-12T24:00:00Z'), null);
  assert.equal(parseInstant('yesterday'), null);
});

test('parseUsDateTime: Exchange ReceivedTime text', () => {
  assert.equal(parseUsDateTime('6/11/2018 3:02:11 PM'), '2018-06-11T15:02:11.000Z');
  assert.equal(parseUsDateTime('6/11/2018 12:02:11 AM'), '2018-06-11T00:02:11.000Z');
  assert.equal(parseUsDateTime('6/11/2018 12:02:11 PM'), '2018-06-11T12:02:11.000Z');
  assert.equal(parseUsDateTime('13/11/2018 3:02:11 PM'), null);
});

test('normalizeIp strips ports and brackets and keeps unknown text', () => {
  assert.equal(normalizeIp('198.51.100.23:19823'), '198.51.100.23');
  assert.equal(normalizeIp('[2603:10A6::1]:443'), '2603:10a6::1');
  assert.equal(normalizeIp('::ffff:203.0.113.9'), '203.0.113.9');
  assert.equal(normalizeIp(' '), null);
  assert.equal(normalizeIp('fe80::1%eth0'), 'fe80::1%eth0');
  assert.equal(normalizeIp('not-an-ip'), 'not-an-ip');
});
