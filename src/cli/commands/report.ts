/**
 * `mailtrail report`: the investigation — logons, sessions and attribution, searches, reads,
 * attachments and actions, findings, suspect sessions and the exposure — as report.json and/or
 * Magic Unicorn's five TSV files.
 *
 * @module
 */
import { Command, Option } from '@commander-js/extra-typings';
import { UsageError } from '../../errors.js';
import { commaList } from '../_args.js';
import type { CliIo } from '../_io.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function reportCommand(io: CliIo) {
  return new Command('report')
    .description('Investigate: who was in, and what they searched, read, opened, forwarded, sent and deleted')
    .option('--case <dir>', 'read events from this case')
    .option(
      '-i, --input <file>',
      'read events straight from an Activities evidence file (repeatable)',
      collect,
    )
    .requiredOption('-o, --out <dir>', 'output directory')
    .addOption(
      new Option(
        '--format <list>',
        'comma-separated: unicorn, json, html, xlsx, csv, jsonl, timesketch, ecs, parquet',
      ).default('unicorn,json'),
    )
    .option('-t, --title <title>', 'report title (TSV file name prefix)', 'mailtrail')
    .option('--suspect-ip <ip>', 'scope the exposure to this IP (repeatable)', collect)
    .option('--suspect-session <id>', 'scope the exposure to this session (repeatable)', collect)
    .option('--mailbox <upn>', 'mailbox of files that name none; with --case, report only this mailbox')
    .option('--geoip-city <file>', 'city/country database (.mmdb) instead of the bundled DB-IP data')
    .option('--geoip-asn <file>', 'ASN database (.mmdb or ip-location-db CSV) instead of the bundled data')
    .option('--no-geoip', 'do not enrich IPs')
    .option('--baseline-days <n>', 'days from the first event that form the logon baseline', '14')
    .option('--search-terms <list>', 'comma-separated sensitive search terms (replaces the default list)')
    .option('--tz <zone>', 'IANA time zone for the html and xlsx outputs (e.g. Europe/Paris)', 'UTC')
    .option('--excel-safe', "csv: prefix ' to text a spreadsheet would run as a formula (alters values)")
    .option('--redact <list>', 'pseudonymise in every output: comma-separated subjects, queries, addresses')
    .option('--ecs-bulk-index <name>', 'ecs: precede each document with a _bulk create action for this index')
    .addHelpText(
      'after',
      `
Examples:
  mailtrail report --input victim.csv --out out/ --title victim
  mailtrail report --case ./case --out out/ --format json --suspect-ip 185.220.101.34
  mailtrail report --case ./case --out out/ --format html,xlsx,csv --tz Europe/Paris
  mailtrail report --case ./case --out out/ --format timesketch,ecs,parquet --ecs-bulk-index mailtrail-case1
  mailtrail report --case ./case --out share/ --format html,json --redact subjects,queries,addresses
`,
    )
    .action(async (opts) => {
      const formats = commaList(opts.format);
      const { ALL_REPORT_FORMATS } = await import('../../case/report/index.js');
      for (const f of formats)
        if (!(ALL_REPORT_FORMATS as readonly string[]).includes(f))
          throw new UsageError(
            `[report] Unknown format ${JSON.stringify(f)}: use ${ALL_REPORT_FORMATS.join(', ')}`,
          );
      const baselineDays = Number(opts.baselineDays);
      if (!Number.isInteger(baselineDays) || baselineDays < 0)
        throw new UsageError('[report] --baseline-days must be a whole number ≥ 0');
      const { runReport } = await import('../../case/report/index.js');
      const result = await runReport({
        ...(opts.case !== undefined ? { caseDir: opts.case } : {}),
        ...(opts.input ? { inputs: opts.input } : {}),
        outDir: opts.out,
        formats: formats as (typeof ALL_REPORT_FORMATS)[number][],
        timeZone: opts.tz,
        ...(opts.excelSafe ? { excelSafe: true } : {}),
        ...(opts.redact !== undefined
          ? {
              redact: commaList(opts.redact) as ('subjects' | 'queries' | 'addresses')[],
            }
          : {}),
        ...(opts.ecsBulkIndex !== undefined ? { ecsBulkIndex: opts.ecsBulkIndex } : {}),
        title: opts.title,
        ...(opts.suspectIp ? { suspectIps: opts.suspectIp } : {}),
        ...(opts.suspectSession ? { suspectSessions: opts.suspectSession } : {}),
        ...(opts.mailbox !== undefined ? { mailbox: opts.mailbox } : {}),
        ...(opts.geoipCity !== undefined ? { geoCity: opts.geoipCity } : {}),
        ...(opts.geoipAsn !== undefined ? { geoAsn: opts.geoipAsn } : {}),
        ...(opts.geoip === false ? { noGeo: true } : {}),
        findings: {
          baselineDays,
          ...(opts.searchTerms !== undefined
            ? {
                sensitiveTerms: commaList(opts.searchTerms),
              }
            : {}),
        },
        ...(io.signal ? { signal: io.signal } : {}),
      });
      for (const f of result.files) io.stdout.write(`${f}\n`);
      if (result.redactionMap !== null)
        io.stderr.write(`redaction key and token map (keep private, do not share): ${result.redactionMap}\n`);
      const s = result.summary;
      if (s) {
        io.stderr.write(`${s.events} events, mailboxes: ${s.mailboxes.join(', ') || 'none'}\n`);
        for (const f of s.findings)
          io.stderr.write(`  rule ${f.rule} (${f.level}): ${f.hits} hit${f.hits === 1 ? '' : 's'}\n`);
        io.stderr.write(`suspect sessions: ${s.suspects.length}\n`);
        for (const x of s.suspects)
          io.stderr.write(
            `  ${x.sessionId}  ${x.app ?? '-'}  ${x.ip ?? 'no IP'}  ${x.start} – ${x.end}  (${x.reasons.join(', ')})\n`,
          );
        if (s.exposure)
          io.stderr.write(
            `exposure: ${s.exposure.searches.length} searches (${s.exposure.searches.map((q) => JSON.stringify(q)).join(', ')}), ` +
              `${s.exposure.reads} reads, ${s.exposure.attachments} attachments, ${s.exposure.actions} actions, ${s.exposure.messages} messages\n`,
          );
      }
    });
}
