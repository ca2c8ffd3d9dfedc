/**
 * An Entra session as the audit sources link it (ual-formats.md §4.2): the `sessionId` of one
 * interactive sign-in, kept by every token refreshed from it, and one unique token identifier
 * (UTI) per issued access token. The scenario issues a token at sign-in and then every hour, so
 * the audit records of a session's first hour carry the same UTI as its sign-in, and later
 * records carry the UTI of the refreshed token of their hour.
 *
 * @module
 */
import { hashString } from '../prng.js';

/** How a client reached the mailbox: the audit fields that follow from it. */
export interface ClientProfile {
  /** Activities `AppIdType` it corresponds to: Outlook, Mobile, Web, IMAP4. */
  readonly app: string;
  readonly clientInfoString: string;
  readonly userAgent: string;
  /** Entra client application id and display name. */
  readonly appId: string;
  readonly appDisplayName: string;
  /** Sign-in `clientAppUsed`. */
  readonly clientAppUsed: string;
  readonly operatingSystem: string;
  readonly browser: string;
}

export interface AuditSession {
  readonly sessionId: string;
  /** The user signed in (mailbox owner, or the intruder using the owner's account). */
  readonly upn: string;
  readonly ip: string;
  readonly client: ClientProfile;
  /** Epoch ms of the sign-in that started the session. */
  readonly started: number;
  /** True for the intruder's sessions (ground truth only; nothing in a record says so). */
  readonly attacker: boolean;
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const HOUR = 3_600_000;

/** The token generation (0 = issued at sign-in) that was current at `ts`. */
export function tokenGeneration(s: AuditSession, ts: number): number {
  return Math.max(0, Math.floor((ts - s.started) / HOUR));
}

/** The 22-character base64url UTI of the token current at `ts`. */
export function uniqueTokenId(s: AuditSession, ts: number): string {
  const gen = tokenGeneration(s, ts);
  let out = '';
  for (let i = 0; out.length < 22; i++) {
    let h = hashString(`${s.sessionId}|uti|${gen}|${i}`);
    for (let k = 0; k < 5 && out.length < 22; k++, h >>>= 6) out += B64URL[h & 63];
  }
  return out;
}

/** When the token current at `ts` was issued (epoch ms). */
export function tokenIssuedAt(s: AuditSession, ts: number): number {
  return s.started + tokenGeneration(s, ts) * HOUR;
}
