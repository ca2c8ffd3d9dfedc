/**
 * Benchmark (a script, not a test): generates a CrowdStrike-style CSV of ~750,000 rows (~340 MB)
 * in the temp directory with CrowdStrikeCsvWriter, then reads it back with readCrowdStrikeCsv in
 * a fresh child process and prints rows/s and peak RSS (process.resourceUsage().maxRSS).
 *
 * Usage: node --import tsx bench/activities-csv-read.ts [rows] [--keep]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Activity } from '../src/sources/activities-api/activity.js';
import { readCrowdStrikeCsv } from '../src/sources/activities-files/crowdstrike-csv-reader.js';
import { CrowdStrikeCsvWriter } from '../src/sources/activities-files/crowdstrike-csv-writer.js';

const UAS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/67.0.3396.87 Safari/537.36',
  'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.9126; Pro)',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 11_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15F79',
];
const FLIGHTS = 'owa_searchrefiners,owa_ccpf,owa_hsm,owa_focusedinbox,owa_plannerintegration,owa_wf';
const RECIPIENTS = 'ap.clerk@contoso.example;cfo@contoso.example;finance-team@contoso.example';
const SUBJECTS = [
  "Invoice 4471 – payment due, don't delay",
  'Re: "Urgent" wire transfer',
  '請求書の件',
  'Q2 figures',
];

/** A deterministic, realistic mix: logons with long user agents, deliveries, reads, searches. */
function activity(i: number): Activity {
  const ts = new Date(Date.UTC(2018, 5, 1) + i * 997).toISOString();
  const session = `${(i >>> 6).toString(16).padStart(8, '0')}-5b6d-4e7f-8a9b-0c1d2e3f4a5b`;
  const item = `AAMkADY0ZjA3NTI4LTc5ZmItNGI4Ny1hZjQ1LWU2ZDk2YzQ0ZmQ2NgBGAAAAAAB${(i % 5000).toString(36)}=`;
  const base = { TimeStamp: ts, ActivityCreationTime: ts, ClientSessionId: session };
  const kind = i % 10;
  if (kind === 9)
    return {
      ...base,
      AppIdType: 'Web',
      ActivityIdType: 'Logon',
      ActivityItemId: null,
      CustomProperties: [
        { Name: 'IPAddress', Value: `198.51.100.${i % 250}` },
        { Name: 'Browser', Value: UAS[0]! },
        { Name: 'Layout', Value: 'Mouse' },
        { Name: 'Timezone', Value: 'W. Europe Standard Time' },
        { Name: 'Flights', Value: FLIGHTS },
      ],
    };
  if (kind <= 1)
    return {
      ...base,
      AppIdType: 'Outlook',
      ActivityIdType: 'ServerLogon',
      ActivityItemId: null,
      CustomProperties: [
        { Name: 'Result', Value: 'Success' },
        { Name: 'UserName', Value: 'victim@contoso.example' },
        { Name: 'ClientIP', Value: `203.0.113.${i % 250}` },
        { Name: 'UserAgent', Value: UAS[i % UAS.length]! },
        { Name: 'ExceptionInfo', Value: '' },
      ],
    };
  if (kind < 5)
    return {
      ...base,
      AppIdType: 'Exchange',
      ActivityIdType: 'MessageDelivered',
      ActivityItemId: item,
      CustomProperties: [
        { Name: 'Subject', Value: SUBJECTS[i % SUBJECTS.length]! },
        { Name: 'SenderSmtpAddress', Value: `sender${i % 300}@fabrikam.example` },
        { Name: 'ReceivedTime', Value: '6/12/2018 9:22:00 AM' },
        { Name: 'InternetMessageId', Value: `<${i}.a1b2c3@fabrikam.example>` },
        { Name: 'ConversationId', Value: 'AAQkADY0ZjA3NTI4LTc5ZmItNGI4Ny1hZjQ1LWU2ZDk2YzQ0ZmQ2NgAQAE' },
        { Name: 'DeliveredFolderType', Value: 'Inbox' },
        { Name: 'Recipients', Value: RECIPIENTS },
        { Name: 'ItemClass', Value: 'IPM.Note' },
        {
          Name: 'MessageGuid',
          Value: `${(i * 7919).toString(16).padStart(8, '0')}-1c2d-4e5f-8a9b-0c1d2e3f4a5b`,
        },
      ],
    };
  if (kind < 8)
    return {
      ...base,
      AppIdType: 'Web',
      ActivityIdType: 'ReadingPaneDisplayStart',
      ActivityItemId: item,
      CustomProperties: [
        { Name: 'IsConversation', Value: '1' },
        {
          Name: 'ConversationId',
          Value: `AAQkADY0ZjA3NTI4LTc5ZmItNGI4Ny1hZjQ1LWU2ZDk2YzQ0ZmQ2NgAQAE${i % 977}=`,
        },
        { Name: 'IsClutter', Value: '0' },
        { Name: 'InternetMessageId', Value: `<${i % 5000}.a1b2c3d4e5@fabrikam.example>` },
        { Name: 'SelectedFolderName', Value: 'Inbox' },
      ],
    };
  return {
    ...base,
    AppIdType: 'Web',
    ActivityIdType: 'SearchSuggestionsDisplay',
    ActivityItemId: null,
    CustomProperties: [{ Name: 'SuggestionStimulus', Value: 'invoice'.slice(0, 1 + (i % 7)) }],
  };
}

async function generate(path: string, rows: number): Promise<void> {
  const w = CrowdStrikeCsvWriter.toFile(path);
  for (let i = 0; i < rows; i++) await w.write(activity(i));
  await w.end();
}

async function read(path: string): Promise<void> {
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  let records = 0;
  let issues = 0;
  let bytes = 0;
  for await (const item of readCrowdStrikeCsv(path)) {
    if (item.type === 'record') {
      records++;
      bytes += Object.keys(item.record.fields.properties).length;
    } else issues++;
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const rssMb = process.resourceUsage().maxRSS / 1024;
  console.log(
    JSON.stringify({
      records,
      issues,
      properties: bytes,
      seconds: +seconds.toFixed(2),
      rowsPerSecond: Math.round(records / seconds),
      // CPU time is the fairer measure on a shared, loaded machine.
      cpuSeconds: +cpuSeconds.toFixed(2),
      rowsPerCpuSecond: Math.round(records / cpuSeconds),
      peakRssMb: Math.round(rssMb),
    }),
  );
}

const args = process.argv.slice(2);
if (args[0] === '--read') {
  await read(args[1]!);
} else {
  const rows = Number(args.find((a) => /^\d+$/.test(a)) ?? 750_000);
  const path = join(tmpdir(), `mailtrail-bench-activities-${rows}.csv`);
  if (!existsSync(path)) {
    const t0 = Date.now();
    await generate(path, rows);
    console.log(
      `generated ${rows} rows, ${(statSync(path).size / 1e6).toFixed(1)} MB in ${(Date.now() - t0) / 1000} s`,
    );
  }
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), '--read', path],
    {
      stdio: 'inherit',
    },
  );
  if (!args.includes('--keep')) rmSync(path);
  process.exitCode = child.status ?? 1;
}
