/**
 * `mailtrail preflight` orchestration: probe what the tenant can tell (one harmless read per API
 * and mailbox; never an audit query, which costs tenant quota), build the question → evidence
 * table, and with a case keep the raw answers and the result as hashed evidence.
 *
 * The check "ran" when at least one API answered anything: gaps are findings, reported as rows.
 * It fails only when nothing could be learned: every probe refused the credentials (401) or no
 * API could be reached.
 *
 * @module
 */
import { SourceError, UsageError } from '../../errors.js';
import { parseInstant } from '../../model/time.js';
import type { CredentialProvider } from '../../sources/_http/credentials.js';
import {
  buildPreflightRows,
  countAvailability,
  type Availability,
  type CredentialFacts,
  type PreflightRow,
  type ProbeRecord,
} from '../../sources/tenant/index.js';
import { VERSION } from '../../version.js';
import { openCase } from '../open-case.js';
import { collectFacts } from './collect-facts.js';
import { preflightRunId, registerPreflight, writeRawExchanges } from './preflight-evidence.js';
import { ProbeClient } from './probe-client.js';

export interface PreflightOptions {
  readonly users: readonly string[];
  /** Tenant id or domain for the Exchange admin API (default: from the tokens or Graph). */
  readonly tenant?: string;
  /** Incident start (ISO 8601 date or date-time). */
  readonly start?: string;
  readonly graphUrl: string;
  readonly exchangeUrl: string;
  readonly credentials: { readonly graph: CredentialProvider; readonly exchange: CredentialProvider };
  /** Keep the result and the raw answers in this case. */
  readonly caseDir?: string;
  /** Extra trusted CA certificates (PEM). */
  readonly ca?: string | Buffer;
  readonly timeoutMs?: number;
  readonly maxAttempts?: number;
  /** The clock retention is measured from (tests). */
  readonly now?: Date;
  readonly signal?: AbortSignal;
  /** The command line, recorded with the evidence (credentials redacted by the case). */
  readonly command?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
}

/** The result, as printed with `--json` and kept as `preflight.json`. */
export interface PreflightResult {
  readonly format: 'mailtrail-preflight';
  readonly version: 1;
  readonly tool: { readonly name: 'mailtrail'; readonly version: string };
  readonly ranAt: string;
  readonly durationMs: number;
  readonly graphUrl: string;
  readonly exchangeUrl: string;
  readonly tenant: { readonly id: string | null; readonly source: string };
  readonly users: readonly string[];
  readonly start: string | null;
  readonly summary: Record<Availability, number>;
  readonly rows: readonly PreflightRow[];
  readonly probes: readonly ProbeRecord[];
  /** What each credential's token says (claims only; never the token). */
  readonly credentials: readonly CredentialFacts[];
  /** With a case: where the evidence went. */
  readonly evidence: { readonly caseDir: string; readonly dir: string; readonly files: number } | null;
}

/** Parses `--start`: a date-time with or without zone (UTC), or a date (midnight UTC). */
export function parseStart(value: string): string {
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value.trim()) ? `${value.trim()}T00:00:00Z` : value;
  const t = parseInstant(text);
  if (!t)
    throw new UsageError(
      `[preflight] --start ${JSON.stringify(value)} is not an ISO 8601 date or date-time (e.g. 2026-06-01 or 2026-06-01T08:00:00Z)`,
    );
  return t;
}

export async function runPreflight(opts: PreflightOptions): Promise<PreflightResult> {
  if (opts.users.length === 0)
    throw new UsageError('[preflight] name at least one mailbox with --user or --users-file');
  const start = opts.start === undefined ? undefined : parseStart(opts.start);
  const now = opts.now ?? new Date();
  const started = performance.now();
  // Open the case first: a bad --case fails before any request is sent.
  const handle =
    opts.caseDir === undefined
      ? null
      : await openCase(opts.caseDir, { command: opts.command ?? [], ...(opts.env ? { env: opts.env } : {}) });
  const client = new ProbeClient({
    graphUrl: opts.graphUrl,
    exchangeUrl: opts.exchangeUrl,
    credentials: opts.credentials,
    timeoutMs: opts.timeoutMs ?? 30_000,
    maxAttempts: opts.maxAttempts ?? 3,
    ...(opts.ca ? { ca: opts.ca } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  try {
    // For reading the claims only; a credential that yields no token leaves them unknown.
    const [graphAuth, exchangeAuth] = await Promise.all([
      opts.credentials.graph.authorization().catch(() => ''),
      opts.credentials.exchange.authorization().catch(() => ''),
    ]);
    const facts = await collectFacts(client, {
      users: opts.users,
      ...(opts.tenant ? { tenant: opts.tenant } : {}),
      ...(start ? { start } : {}),
      now,
      authorization: { graph: graphAuth, exchange: exchangeAuth },
      descriptions: {
        graph: opts.credentials.graph.description,
        exchange: opts.credentials.exchange.description,
      },
    });
    assertSomethingAnswered(facts.probes, opts);
    const rows = buildPreflightRows(facts);
    let result: PreflightResult = {
      format: 'mailtrail-preflight',
      version: 1,
      tool: { name: 'mailtrail', version: VERSION },
      ranAt: now.toISOString(),
      durationMs: Math.round(performance.now() - started),
      graphUrl: opts.graphUrl,
      exchangeUrl: opts.exchangeUrl,
      tenant: facts.tenant,
      users: opts.users,
      start: start ?? null,
      summary: countAvailability(rows),
      rows,
      probes: facts.probes,
      credentials: facts.credentials,
      evidence: null,
    };
    if (handle) {
      const runId = preflightRunId(now);
      const { dir, kept } = await writeRawExchanges(handle, runId, client.raw);
      const byProbe = new Map(kept.map((k) => [k.probe, k]));
      const probes = result.probes.map((p) => {
        const k = byProbe.get(p.id);
        return k ? { ...p, evidence: k.file, sha256: k.sha256 } : p;
      });
      const files = kept.length + 2;
      result = { ...result, probes, evidence: { caseDir: handle.dir, dir, files } };
      await registerPreflight(handle, dir, kept, result);
      await handle.appendLedger({
        action: 'preflight',
        dir,
        users: opts.users,
        tenant: facts.tenant.id,
        summary: result.summary,
        probes: probes.length,
        command: handle.command.join(' '),
      });
    }
    return result;
  } finally {
    await client.close();
    await handle?.close();
  }
}

/** Refuses a run that learned nothing, with the reason in the message. */
function assertSomethingAnswered(probes: readonly ProbeRecord[], opts: PreflightOptions): void {
  if (probes.some((p) => p.outcome !== 'unauthenticated' && p.outcome !== 'unreachable')) return;
  if (probes.every((p) => p.outcome === 'unreachable')) {
    throw new SourceError(
      `[preflight] neither Microsoft Graph (${opts.graphUrl}) nor the Exchange admin API (${opts.exchangeUrl}) could be reached: ${probes[0]?.detail ?? 'no answer'}. Check the URLs and the network (--ca-file for a private CA).`,
    );
  }
  const refused = probes.filter((p) => p.outcome === 'unauthenticated');
  const apis = [
    ...new Set(refused.map((p) => (p.api === 'graph' ? 'Microsoft Graph' : 'the Exchange admin API'))),
  ];
  throw new SourceError(
    `[preflight] authentication failed: ${apis.join(' and ')} refused the credentials (HTTP 401: ${refused[0]?.detail || 'no detail'}). ` +
      `Give a valid, unexpired token for each API (Graph: https://graph.microsoft.com, Exchange: https://outlook.office365.com).`,
    { status: 401 },
  );
}
