/**
 * Benchmark (a script, not a test): generates a CrowdStrike-style CSV of ~750,000 rows
 * (~340 MB) with CrowdStrikeCsvWriter, imports it into a fresh case in a child process running
 * the real CLI (`mailtrail import`), and prints wall time, events/s and the child's peak RSS
 * (process.resourceUsage().maxRSS). Then times two typical `mailtrail sql` aggregations, each
 * in a fresh process as an analyst would run them.
 *
 * Usage: node --import tsx bench/import-activities.ts [rows] [--keep]
 * Environment: MAILTRAIL_DUCKDB_MEMORY / MAILTRAIL_DUCKDB_THREADS are passed through.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Activity } from '../src/sources/activities-api/activity.js';
import { CrowdStrikeCsvWriter } from '../src/sources/activities-files/crowdstrike-csv-writer.js';

const UAS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/67.0.3396.87 Safari/537.36',
  'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.9126; Pro)',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 11_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15F79',
];
const SUBJECTS = [
  "Invoice 4471 – payment due, don't delay",
  'Re: "Urgent" wire transfer',
  '請求書の件',
  'Q2 figures',
];
const cp = (o: Record<string, string>) => Object.entries(o).map(([Name, Value]) => ({ Name, Value }));

/** A deterministic mix: logons with long user agents, deliveries, reads, searches, moves. */
function activity(i: number): Activity {
  const ts = new Date(Date.UTC(2018, 4, 1) + i * 3217).toISOString();
  const session = `${(i >>> 6).toString(16).padStart(8, '0')}-5b6d-4e7f-8a9b-0c1d2e3f4a5b`;
  const item = `AAMkADY0ZjA3NTI4LTc5ZmItNGI4Ny1hZjQ1LWU2ZDk2YzQ0ZmQ2NgBGAAAAAAB${(i % 5000).toString(36)}=`;
  const base = { TimeStamp: ts, ActivityCreationTime: ts, ClientSessionId: session };
  const k = i % 10;
  if (k === 0)
    return {
      ...base,
      AppIdType: 'Outlook',
      ActivityIdType: 'ServerLogon',
      ActivityItemId: null,
      CustomProperties: cp({
        Result: 'Success',
        UserName: 'victim@contoso.example',
        ClientIP: `203.0.113.${i % 250}`,
        UserAgent: UAS[i % 3]!,
        ExceptionInfo: '',
      }),
    };
  if (k === 1)
    return {
      ...base,
      AppIdType: 'Web',
      ActivityIdType: 'Logon',
      ActivityItemId: null,
      CustomProperties: cp({
        IPAddress: `198.51.100.${i % 250}`,
        Browser: UAS[0]!,
        Layout: 'Mouse',
        Timezone: 'W. Europe Standard Time',
        Flights:
          'owa_searchrefiners,owa_ccpf,owa_hsm,owa_focusedinbox,owa_plannerintegration,owa_wf,owa_sharedcalendars,owa_groupsactions',
      }),
    };
  if (k < 4)
    return {
      ...base,
      AppIdType: 'Exchange',
      ActivityIdType: 'MessageDelivered',
      ActivityItemId: item,
      CustomProperties: cp({
        Subject: SUBJECTS[i % 4]!,
        SenderSmtpAddress: `sender${i % 300}@fabrikam.example`,
        ReceivedTime: '6/12/2018 9:22:00 AM',
        InternetMessageId: `<${i}.a1b2c3@fabrikam.example>`,
        ConversationId: 'AAQkADY0ZjA3NTI4LTc5ZmItNGI4Ny1hZjQ1LWU2ZDk2YzQ0ZmQ2NgAQAE',
        DeliveredFolderType: 'Inbox',
        Recipients: 'ap.clerk@contoso.example;cfo@contoso.example;finance-team@contoso.example',
        ItemClass: 'IPM.Note',
        MessageGuid: `${(i * 7919).toString(16).padStart(8, '0')}-1c2d-4e5f-8a9b-0c1d2e3f4a5b`,
        ExchangeApplicationFlags: '32',
        InferenceClassification: 'Focused',
        DeliveredToClutter: 'False',
        IsGroupEscalationMessage: 'False',
        SentTime: ts,
      }),
    };
  if (k < 7)
    return {
      ...base,
      AppIdType: 'Web',
      ActivityIdType: 'ReadingPaneDisplayStart',
      ActivityItemId: item,
      CustomProperties: cp({
        IsConversation: '1',
        ConversationId: `AAQkADY0ZjA3NTI4LTc5ZmItNGI4Ny1hZjQ1LWU2ZDk2YzQ0ZmQ2NgAQAE${i % 977}=`,
        IsClutter: '0',
        SelectedFolderName: 'Inbox',
        InternetMessageId: `<${i % 5000}.a1b2c3d4e5@fabrikam.example>`,
        ItemClass: 'IPM.Note',
        ConversationIndex: `AQHUAkF3${(i % 977).toString(36)}Qm9vZ2xlQ29udmVyc2F0aW9uSW5kZXg=`,
      }),
    };
  if (k < 9)
    return {
      ...base,
      AppIdType: 'Web',
      ActivityIdType: 'SearchSuggestionsDisplay',
      ActivityItemId: null,
      CustomProperties: cp({
        SuggestionStimulus: 'invoice payment'.slice(0, 1 + (i % 15)),
        SearchSessionId: session,
      }),
    };
  return {
    ...base,
    AppIdType: 'Web',
    ActivityIdType: 'Move',
    ActivityItemId: item,
    CustomProperties: cp({ SourceFolder: 'Inbox', TargetFolder: 'DeletedItems' }),
  };
}

async function generate(path: string, rows: number): Promise<void> {
  const w = CrowdStrikeCsvWriter.toFile(path);
  for (let i = 0; i < rows; i++) await w.write(activity(i));
  await w.end();
}

/** Child: runs the CLI with argv and prints its peak RSS and wall time as JSON on stderr. */
async function child(argv: string[]): Promise<void> {
  const { runCommand } = await import('../src/cli/run.js');
  const t0 = performance.now();
  const code = await runCommand(argv, {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    argv,
  });
  const ms = performance.now() - t0;
  process.stderr.write(
    `\n@@${JSON.stringify({ code, ms, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`,
  );
  process.exitCode = code;
}

function runChild(argv: string[], quiet: boolean) {
  const r = spawnSync(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), '--child', ...argv],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    },
  );
  const m = /@@(.*)\n/.exec(r.stderr);
  if (!m) throw new Error(`child failed: ${r.stderr}`);
  if (!quiet) process.stdout.write(r.stderr.replace(/\n@@.*\n/, '\n'));
  return { ...(JSON.parse(m[1]!) as { code: number; ms: number; maxRssMb: number }), stdout: r.stdout };
}

const args = process.argv.slice(2);
if (args[0] === '--child') {
  await child(args.slice(1));
} else {
  const rows = Number(args.find((a) => /^\d+$/.test(a)) ?? 750_000);
  const csv = join(tmpdir(), `mailtrail-bench-import-${rows}.csv`);
  if (!existsSync(csv)) {
    const t0 = Date.now();
    await generate(csv, rows);
    console.log(
      `generated ${rows} rows, ${(statSync(csv).size / 1e6).toFixed(1)} MB in ${(Date.now() - t0) / 1000} s`,
    );
  }
  const dir = join(mkdtempSync(join(tmpdir(), 'mailtrail-bench-case-')), 'case');
  const imp = runChild(['import', '--case', dir, '-q', csv], false);
  console.log(
    JSON.stringify({
      import: {
        rows,
        csvMb: +(statSync(csv).size / 1e6).toFixed(1),
        seconds: +(imp.ms / 1000).toFixed(1),
        eventsPerSecond: Math.round(rows / (imp.ms / 1000)),
        peakRssMb: Math.round(imp.maxRssMb),
        exit: imp.code,
      },
    }),
  );
  const again = runChild(['import', '--case', dir, '-q', csv], true);
  console.log(
    JSON.stringify({
      reimport: { seconds: +(again.ms / 1000).toFixed(1), peakRssMb: Math.round(again.maxRssMb) },
    }),
  );
  const queries = {
    countsPerKindPerDay:
      "SELECT date_trunc('day', time) AS day, kind, count(*) AS n FROM events GROUP BY ALL ORDER BY ALL",
    distinctIpsPerSession:
      'SELECT mailbox, client_session_id, count(DISTINCT ip) AS ips, min(time) AS first, max(time) AS last FROM events GROUP BY ALL ORDER BY ips DESC, first LIMIT 100',
    sessionsView: 'SELECT count(*) AS sessions, sum(logons) AS logons FROM sessions',
  };
  for (const [name, sql] of Object.entries(queries)) {
    const q = runChild(['sql', dir, sql], true);
    console.log(
      JSON.stringify({
        sql: name,
        seconds: +(q.ms / 1000).toFixed(2),
        rows: q.stdout.split('\n').length - 2,
        peakRssMb: Math.round(q.maxRssMb),
      }),
    );
  }
  console.log(JSON.stringify({ caseDbMb: +(statSync(join(dir, 'case.duckdb')).size / 1e6).toFixed(1) }));
  rmSync(dir, { recursive: true, force: true });
  if (!args.includes('--keep')) rmSync(csv);
}
