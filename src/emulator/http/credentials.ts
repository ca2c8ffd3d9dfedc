/**
 * Who may read which mailbox. Bearer tokens (CrowdStrike, AADInternals) and HTTP Basic
 * (EXOMailActivity) are both attested (activities-api.md §1.3). Secrets are compared in constant
 * time and never appear in errors or logs: a principal is named by its user, not its secret.
 *
 * @module
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { FormatError } from '../../errors.js';
import type { TokenClaims } from './issued-tokens.js';

/** The `--credentials` file format. Mailbox and user names compare case-insensitively. */
export interface CredentialsConfig {
  /** Bearer token → the user `me` resolves to and the mailboxes the token may read. */
  readonly tokens?: Readonly<
    Record<string, { readonly user: string; readonly mailboxes: readonly string[] }>
  >;
  /** Basic user name → password and readable mailboxes; `me` is the user. */
  readonly basic?: Readonly<
    Record<string, { readonly password: string; readonly mailboxes: readonly string[] }>
  >;
}

/** An authenticated caller. */
export interface Principal {
  /** Stable, secret-free name used for throttling and logs ("bearer#2", "basic:a@x"). */
  readonly id: string;
  /** UPN that `me` resolves to (lower case). */
  readonly user: string;
  /** Readable mailboxes (lower case), or `'all'`. */
  readonly mailboxes: ReadonlySet<string> | 'all';
}

/** Why authentication failed; the reason goes into `x-ms-diagnostics`. */
export class AuthFailure {
  constructor(readonly reason: string) {}
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Resolves `Authorization` headers against a fixed set of credentials. */
export class Authenticator {
  private readonly bearer: { hash: Buffer; principal: Principal }[] = [];
  private readonly basic = new Map<string, { hash: Buffer; principal: Principal }>();

  /** `allMailboxesToken`: the `--token` bearer, valid for every mailbox; `me` = `defaultUser`. */
  constructor(config: CredentialsConfig, allMailboxesToken: string | null, defaultUser: string) {
    if (allMailboxesToken !== null) {
      this.bearer.push({
        hash: digest(allMailboxesToken),
        principal: { id: 'bearer#token', user: defaultUser.toLowerCase(), mailboxes: 'all' },
      });
    }
    Object.entries(config.tokens ?? {}).forEach(([token, entry], i) => {
      const mailboxes = new Set(entry.mailboxes.map((m) => m.toLowerCase()));
      this.bearer.push({
        hash: digest(token),
        principal: { id: `bearer#${i + 1}`, user: entry.user.toLowerCase(), mailboxes },
      });
    });
    for (const [user, entry] of Object.entries(config.basic ?? {})) {
      const mailboxes = new Set(entry.mailboxes.map((m) => m.toLowerCase()));
      this.basic.set(user.toLowerCase(), {
        hash: digest(entry.password),
        principal: { id: `basic:${user.toLowerCase()}`, user: user.toLowerCase(), mailboxes },
      });
    }
  }

  /** Returns the principal, or an {@link AuthFailure} whose reason contains no `;`, `=` or `"`. */
  authenticate(header: string | undefined): Principal | AuthFailure {
    if (header === undefined || header.trim() === '') {
      return new AuthFailure(
        'No access token or credentials were sent. Send an Authorization header with a Bearer token or Basic credentials.',
      );
    }
    const m = /^\s*(\S+)(?:\s+(.*))?$/s.exec(header) as RegExpExecArray;
    const scheme = (m[1] as string).toLowerCase();
    const rest = (m[2] ?? '').trim();
    if (scheme === 'bearer') {
      if (rest === '' || /\s/.test(rest))
        return new AuthFailure('OAuth token submitted with the request cannot be parsed.');
      const hash = digest(rest);
      // Compare against every token so the time taken does not reveal which one nearly matched.
      let found: Principal | null = null;
      for (const entry of this.bearer) if (timingSafeEqual(entry.hash, hash)) found = entry.principal;
      return (
        found ??
        new AuthFailure('The access token is not valid for this mailbox service (unknown or expired token).')
      );
    }
    if (scheme === 'basic') {
      const decoded = /^[A-Za-z0-9+/]+={0,2}$/.test(rest) ? Buffer.from(rest, 'base64').toString('utf8') : '';
      const colon = decoded.indexOf(':');
      if (colon <= 0)
        return new AuthFailure('The Basic credentials cannot be parsed. Expected base64 of user:password.');
      const entry = this.basic.get(decoded.slice(0, colon).toLowerCase());
      const given = digest(decoded.slice(colon + 1));
      const ok = entry !== undefined && timingSafeEqual(entry.hash, given);
      return ok ? entry.principal : new AuthFailure('The user name or password is incorrect.');
    }
    return new AuthFailure(`The authorization scheme '${m[1]}' is not supported. Use Bearer or Basic.`);
  }
}

/** Reads and validates a `--credentials` file; every problem names the file and the field. */
export async function readCredentialsFile(path: string): Promise<CredentialsConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new FormatError(`[emulate] Cannot read the credentials file ${path}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new FormatError(
      `[emulate] The credentials file ${path} is not valid JSON: ${(err as Error).message}`,
      { cause: err },
    );
  }
  const problem = credentialsProblem(value);
  if (problem) throw new FormatError(`[emulate] The credentials file ${path} is invalid: ${problem}.`);
  return value as CredentialsConfig;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** The first problem of a parsed credentials file, as `<field path> <what is wrong>`, or null. */
export function credentialsProblem(value: unknown): string | null {
  if (!isObject(value)) return 'the top level must be an object with "tokens" and/or "basic"';
  for (const key of Object.keys(value))
    if (key !== 'tokens' && key !== 'basic')
      return `unknown member "${key}" (expected "tokens" and/or "basic")`;
  if (value.tokens === undefined && value.basic === undefined)
    return 'it defines neither "tokens" nor "basic"';
  const mailboxesProblem = (path: string, m: unknown): string | null => {
    if (!Array.isArray(m) || m.length === 0) return `${path}.mailboxes must be a non-empty array of UPNs`;
    const bad = m.findIndex((x) => typeof x !== 'string' || x.trim() === '');
    return bad >= 0 ? `${path}.mailboxes[${bad}] must be a non-empty string` : null;
  };
  for (const section of ['tokens', 'basic'] as const) {
    const entries = value[section];
    if (entries === undefined) continue;
    if (!isObject(entries)) return `"${section}" must be an object`;
    for (const [index, [name, entry]] of Object.entries(entries).entries()) {
      // Tokens are secrets: name the entry by its position, never by its value.
      const path = section === 'tokens' ? `tokens (entry ${index + 1})` : `basic[${JSON.stringify(name)}]`;
      if (name.trim() === '')
        return `${section} has an empty ${section === 'tokens' ? 'token' : 'user name'}`;
      if (section === 'tokens' && /\s/.test(name)) return `${section} has a token containing white space`;
      if (!isObject(entry)) return `${path} must be an object`;
      const secretField = section === 'tokens' ? 'user' : 'password';
      if (typeof entry[secretField] !== 'string' || entry[secretField] === '')
        return `${path}.${secretField} must be a non-empty string`;
      const p = mailboxesProblem(path, entry.mailboxes);
      if (p) return p;
    }
  }
  return null;
}

/** The Outlook REST API's resource: the audience its access tokens carry. */
const OUTLOOK_AUDIENCE = 'https://outlook.office.com';
/** Application permissions that open every mailbox to the Activities API. */
const APP_MAIL_ROLES = ['full_access_as_app', 'mail.read', 'mail.readwrite'];
/** Delegated permissions that open the signed-in user's own mailbox. */
const USER_MAIL_SCOPES = ['mail.read', 'mail.readwrite', 'full_access_as_user'];

/**
 * The principal of an access token the emulator's identity provider issued. It must be for the
 * Outlook resource; an app-only token with `full_access_as_app` or `Mail.Read` reads every mailbox
 * (and has no `me`), a delegated token with `Mail.Read` reads the user's own mailbox. A token
 * without those permissions authenticates but reads nothing (403).
 */
export function principalOfIssued(claims: TokenClaims): Principal | AuthFailure {
  if (claims.audience.replace(/\/$/, '') !== OUTLOOK_AUDIENCE)
    return new AuthFailure(
      `The access token was issued for ${claims.audience}, not for the mailbox service ${OUTLOOK_AUDIENCE}.`,
    );
  if (claims.upn === undefined) {
    const ok = claims.roles.some((r) => APP_MAIL_ROLES.includes(r.toLowerCase()));
    return { id: `app:${claims.appId}`, user: '', mailboxes: ok ? 'all' : new Set() };
  }
  const upn = claims.upn.toLowerCase();
  const ok = claims.scopes.some((s) => USER_MAIL_SCOPES.includes(s.toLowerCase()));
  return { id: `app:${claims.appId}/${upn}`, user: upn, mailboxes: new Set(ok ? [upn] : []) };
}
