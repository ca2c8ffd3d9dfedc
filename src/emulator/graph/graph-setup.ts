/**
 * Builds the emulator's Graph endpoints from its options: loads or generates the audit records
 * and sign-ins, indexes them, and returns the routes the server registers. Data: what
 * `graph.auditRecords` / `graph.auditDataFile` and `graph.signIns` / `graph.signInsDataFile`
 * give; otherwise, when the Activities come from the scenario, the same scenario's audit log and
 * sign-ins, generated on the first Graph request (or the first read of the counts); otherwise
 * nothing (the endpoints then answer with empty results). Files are read, and refused, at once.
 *
 * @module
 */
import { FormatError } from '../../errors.js';
import type { EmulatorRoute } from '../http/emulator-route.js';
import { generateAuditChunks } from '../scenario/audit-generate.js';
import type { ScenarioOptions } from '../scenario/generate.js';
import { AUDIT_LOG_PATH, auditLogRoute } from './audit-handler.js';
import { AuditQueryRegistry } from './audit-queries.js';
import { toIndexedAuditRecord } from './audit-record.js';
import { AuditStoreBuilder } from './audit-store.js';
import type { GraphContext } from './graph-http.js';
import type { GraphOptions } from './options.js';
import { readRecordsFile } from './read-records-file.js';
import { SignInStoreBuilder } from './signin-store.js';
import { SIGNINS_ROOT, signInsRoute } from './signins-handler.js';

export interface GraphSetup {
  readonly routes: readonly EmulatorRoute[];
  /** Served audit records and sign-ins (reading them generates the scenario's, if not yet done). */
  readonly auditRecords: number;
  readonly signIns: number;
}

const DEFAULT_RECORDS_PAGE = 150;

/**
 * `scenario` is the scenario the Activities come from (null when they come from data), whose
 * audit log and sign-ins are served unless the options give others.
 */
export async function setUpGraph(
  ctx: GraphContext,
  options: GraphOptions,
  scenario: ScenarioOptions | null,
): Promise<GraphSetup> {
  const audit = new AuditStoreBuilder();
  const signIns = new SignInStoreBuilder();
  const addAudit = (value: unknown): string | undefined => {
    const r = toIndexedAuditRecord(value);
    if (typeof r === 'string') return r;
    audit.add(r);
    return undefined;
  };
  const ownAudit = options.auditRecords !== undefined || options.auditDataFile !== undefined;
  const ownSignIns = options.signIns !== undefined || options.signInsDataFile !== undefined;
  if (options.auditDataFile !== undefined)
    await readRecordsFile(options.auditDataFile, 'audit data', addAudit);
  if (options.signInsDataFile !== undefined)
    await readRecordsFile(options.signInsDataFile, 'sign-in data', (v) => signIns.add(v));
  let i = 0;
  for (const value of options.auditRecords ?? []) {
    i++;
    const problem = addAudit(value);
    if (problem !== undefined)
      throw new FormatError(`[emulate] graph.auditRecords, record ${i}: ${problem}.`);
  }
  i = 0;
  for (const value of options.signIns ?? []) {
    i++;
    const problem = signIns.add(value);
    if (problem !== undefined) throw new FormatError(`[emulate] graph.signIns, record ${i}: ${problem}.`);
  }
  const pageSize = options.recordsPageSize ?? DEFAULT_RECORDS_PAGE;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000)
    throw new FormatError(
      `[emulate] graph.recordsPageSize must be a whole number from 1 to 1000, not ${pageSize}.`,
    );
  // The scenario's audit log is generated on first use: a run that never calls Graph never pays.
  let built: {
    audit: EmulatorRoute;
    signIns: EmulatorRoute;
    auditCount: number;
    signInCount: number;
  } | null = null;
  const ensure = () => {
    if (built) return built;
    if (scenario !== null && (!ownAudit || !ownSignIns)) {
      for (const chunk of generateAuditChunks(scenario)) {
        if (!ownAudit) for (const r of chunk.records) addAudit(r);
        if (!ownSignIns) for (const s of chunk.signIns) signIns.add(s);
      }
    }
    const store = audit.build();
    const registry = new AuditQueryRegistry(store, options.query ?? {});
    built = {
      audit: auditLogRoute(ctx, store, registry, pageSize),
      signIns: signInsRoute(ctx, signIns.build()),
      auditCount: store.size,
      signInCount: signIns.size,
    };
    return built;
  };
  return {
    routes: [
      {
        name: 'graph-audit',
        matches: (p) => AUDIT_LOG_PATH.test(p),
        handle: (q, r, d) => ensure().audit.handle(q, r, d),
      },
      {
        name: 'graph-signins',
        matches: (p) => SIGNINS_ROOT.test(p),
        handle: (q, r, d) => ensure().signIns.handle(q, r, d),
      },
    ],
    get auditRecords() {
      return ensure().auditCount;
    },
    get signIns() {
      return ensure().signInCount;
    },
  };
}
