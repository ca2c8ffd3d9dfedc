/**
 * The analyses: pure reducers over MailboxEvents whose rows cite their evidence. See
 * docs/analyses.md.
 *
 * @module
 */
export type { AnalysisEvent, Evidence } from './types.js';
export {
  createIndexPass,
  createAnalysisPass,
  investigate,
  type Investigation,
  type InvestigationIndex,
  type InvestigationOptions,
  type MailboxPeriod,
  type SessionRow,
} from './investigate.js';
export { createMessageIndex, type MessageIndex, type MessageResolution } from './messages/message-index.js';
export {
  createSessionTracker,
  type Attribution,
  type SessionIndex,
  type SessionOptions,
  type SessionSummary,
} from './sessions/sessions.js';
export { createLogonCollector, logonRow, type LogonRow } from './logons/logons.js';
export { classifyUserAgent, CLIENT_RULES, type ClientInfo } from './logons/user-agent.js';
export { specialRange } from './logons/ip-class.js';
export type { GeoInfo, GeoLookup } from './logons/geo.js';
export { createSignInCollector, type SignInRow } from './logons/sign-ins.js';
export type { BlindInterval, FolderSyncRow } from './scoping/coverage.js';
export { createSearchReconstructor, type SearchRow } from './searches/searches.js';
export { createReadCollector, type ReadRow } from './reads/reads.js';
export { createActionCollector, type ActionRow, type AttachmentRow } from './actions/actions.js';
export {
  createFindingEngine,
  suspectSessions,
  type FindingsResult,
  type SuspectSession,
} from './findings/engine.js';
export { RULES } from './findings/rules/index.js';
export { lintRules } from './findings/lint.js';
export { FINDING_DEFAULTS, type Finding, type FindingOptions, type Rule } from './findings/types.js';
export { scopeExposure, type Exposure } from './scoping/exposure.js';
export { emitUnicornRows, UNICORN_TABLES, type UnicornTable } from './unicorn/unicorn-tables.js';
