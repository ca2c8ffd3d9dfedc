import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyUserAgent } from '../../src/analyses/logons/user-agent.js';
import { specialRange } from '../../src/analyses/logons/ip-class.js';
import { investigate } from '../../src/analyses/investigate.js';
import { act, UA } from '../builders.js';

test('Microsoft, legacy and scripted clients are named by our table; browsers by ua-parser-js', () => {
  const cases: [string, string | null, string][] = [
    [UA.outlook, 'Outlook for Windows', 'mail-client'],
    ['Outlook-iOS/709.2189947.prod.iphone (3.24.0)', 'Outlook for iOS', 'mail-client'],
    ['Outlook-Android/2.0', 'Outlook for Android', 'mail-client'],
    ['Microsoft-MacOutlook/16.80.23121017', 'Outlook for Mac', 'mail-client'],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0 OneOutlook/1.2023.1214.100',
      'new Outlook for Windows',
      'mail-client',
    ],
    ['Apple-iPhone15C2/2101.80', 'iOS Mail (ActiveSync)', 'mail-client'],
    ['BAV2ROPC', 'BAV2ROPC (legacy ROPC authentication)', 'legacy'],
    ['Client=IMAP4;Protocol=IMAP4', 'IMAP/POP client', 'legacy'],
    ['ExchangeServicesClient/15.00.0913.015', 'EWS Managed API', 'api-client'],
    ['Mozilla/5.0 (compatible; MSAL 1.0) PKeyAuth/1.0', 'MSAL / PKeyAuth', 'api-client'],
    ['python-requests/2.31.0', 'python-requests', 'script'],
    [
      'Mozilla/5.0 (Windows NT; Windows NT 10.0; en-US) WindowsPowerShell/5.1.19041.1 PowerShell/5.1',
      'PowerShell',
      'script',
    ],
    ['curl/8.4.0', 'curl', 'script'],
    ['Go-http-client/1.1', 'Go-http-client', 'script'],
    ['axios/1.6.2', 'axios', 'script'],
    ['okhttp/4.12.0', 'okhttp', 'script'],
    [UA.chrome, 'Chrome', 'browser'],
    [UA.firefoxLinux, 'Firefox', 'browser'],
  ];
  for (const [ua, client, category] of cases) {
    const c = classifyUserAgent(ua);
    assert.equal(c.client, client, ua);
    assert.equal(c.category, category, ua);
  }
  assert.equal(classifyUserAgent('Outlook-iOS/2.0').os, 'iOS');
  assert.equal(classifyUserAgent(UA.firefoxLinux).os, 'Linux');
  assert.equal(classifyUserAgent(null).category, 'unknown');
});

test('special ranges are labelled, public addresses are not', () => {
  assert.equal(specialRange('192.0.2.41'), 'documentation (RFC 5737)');
  assert.equal(specialRange('198.51.100.23'), 'documentation (RFC 5737)');
  assert.equal(specialRange('203.0.113.10'), 'documentation (RFC 5737)');
  assert.equal(specialRange('10.0.0.1'), 'private (RFC 1918)');
  assert.equal(specialRange('172.31.255.255'), 'private (RFC 1918)');
  assert.equal(specialRange('172.32.0.1'), null);
  assert.equal(specialRange('2001:db8::1'), 'documentation (RFC 3849)');
  assert.equal(specialRange('fd00::1'), 'private (unique local, RFC 4193)');
  assert.equal(specialRange('185.220.101.34'), null);
});

test('logons of every client type, with client and range', () => {
  const inv = investigate([
    act.serverLogon('2018-06-12T09:00:00.000Z', 'Outlook', 'a', '203.0.113.10', UA.outlook),
    act.serverLogon('2018-06-12T09:01:00.000Z', 'POP3', 'b', '105.112.55.17', 'Client=POP3;Protocol=POP3'),
    act.serverLogon(
      '2018-06-12T09:02:00.000Z',
      'MacOutlook',
      'c',
      '198.51.100.5',
      'Microsoft-MacOutlook/16.80',
    ),
    act.owaLogon('2018-06-12T09:03:00.000Z', 'd', '198.51.100.23', UA.chrome),
  ]);
  assert.deepEqual(
    inv.logons.map((l) => [l.activity, l.app, l.client.client, l.geo.range]),
    [
      ['ServerLogon', 'Outlook', 'Outlook for Windows', 'documentation (RFC 5737)'],
      ['ServerLogon', 'POP3', 'IMAP/POP client', null],
      ['ServerLogon', 'MacOutlook', 'Outlook for Mac', 'documentation (RFC 5737)'],
      ['Logon', 'Web', 'Chrome', 'documentation (RFC 5737)'],
    ],
  );
  assert.equal(inv.logons[0]!.user, 'ap.clerk@contoso.example');
});
