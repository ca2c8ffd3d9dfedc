/**
 * The emulator's directory: one tenant with its app registrations (client id, secrets and/or
 * certificates, application permissions per API, whether public client flows are allowed) and
 * users (UPN and the delegated permissions consented for them). Given in code as
 * `EmulatorOptions.identity` or as the `emulate --identity FILE` JSON, which is validated here;
 * every problem names the file and the field, and never quotes a secret.
 *
 * @module
 */
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { FormatError } from '../../errors.js';
import { RESOURCE_AUDIENCE, type ApiResource } from '../../sources/identity/resources.js';

/** Permissions per API, e.g. `{"graph": ["AuditLogsQuery.Read.All"], "outlook": ["full_access_as_app"]}`. */
export type PermissionsByApi = Readonly<Partial<Record<ApiResource, readonly string[]>>>;

export interface IdentityApp {
  readonly clientId: string;
  readonly displayName?: string;
  /** Client secret values. */
  readonly secrets?: readonly string[];
  /** Certificates (PEM) whose keys may sign client assertions. */
  readonly certificates?: readonly string[];
  /** Application permissions (app roles) with admin consent. */
  readonly roles?: PermissionsByApi;
  /** "Allow public client flows" (device code); default false, as for a new registration. */
  readonly publicClient?: boolean;
}

export interface IdentityUser {
  readonly upn: string;
  /** Delegated permissions consented for this user. */
  readonly scopes?: PermissionsByApi;
}

export interface IdentityConfig {
  /** The tenant id (a GUID). */
  readonly tenantId: string;
  /** Domain names that name the tenant in an authority URL as well as its id. */
  readonly domains?: readonly string[];
  readonly apps: readonly IdentityApp[];
  readonly users?: readonly IdentityUser[];
  /** Access-token lifetime in seconds; default 3600. */
  readonly tokenLifetimeSeconds?: number;
  readonly deviceCode?: {
    /** Seconds a device code stays valid; default 900. */
    readonly expiresInSeconds?: number;
    /** Polling interval the client is told; default 1 (Entra ID says 5). */
    readonly intervalSeconds?: number;
    /** Approve every device code as this user once the client has polled this often. */
    readonly autoApprove?: { readonly upn: string; readonly afterPolls?: number };
  };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const APIS = Object.keys(RESOURCE_AUDIENCE) as ApiResource[];

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

function unknownMember(path: string, value: Record<string, unknown>, allowed: readonly string[]) {
  const extra = Object.keys(value).find((k) => !allowed.includes(k));
  return extra === undefined ? null : `${path}: unknown member "${extra}" (expected ${allowed.join(', ')})`;
}

/** Names a bad element by its index only, so a secret is never quoted. */
function stringList(path: string, value: unknown): string | null {
  if (!Array.isArray(value)) return `${path} must be an array of strings`;
  const bad = value.findIndex((x) => typeof x !== 'string' || x.trim() === '');
  return bad >= 0 ? `${path}[${bad}] must be a non-empty string` : null;
}

function permissionsProblem(path: string, value: unknown): string | null {
  if (value === undefined) return null;
  if (!isObject(value)) return `${path} must be an object keyed by API (${APIS.join(', ')})`;
  for (const [api, list] of Object.entries(value)) {
    if (!APIS.includes(api as ApiResource))
      return `${path}: unknown API "${api}" (expected ${APIS.join(', ')})`;
    const p = stringList(`${path}.${api}`, list);
    if (p) return p;
  }
  return null;
}

function positive(path: string, value: unknown): string | null {
  return value === undefined || (Number.isInteger(value) && (value as number) > 0)
    ? null
    : `${path} must be a whole number greater than 0`;
}

/** The first problem of a parsed identity configuration as `<field path> <what is wrong>`, or null. */
export function identityProblem(value: unknown): string | null {
  if (!isObject(value)) return 'the top level must be an object with "tenantId" and "apps"';
  const top = ['tenantId', 'domains', 'apps', 'users', 'tokenLifetimeSeconds', 'deviceCode'];
  const extra = unknownMember('the top level', value, top);
  if (extra) return extra;
  if (typeof value.tenantId !== 'string' || !GUID.test(value.tenantId))
    return 'tenantId must be a GUID, e.g. "6f0c2b1e-4a8d-4a51-9a53-0c1a2b3c4d5e"';
  if (value.domains !== undefined) {
    const p = stringList('domains', value.domains);
    if (p) return p;
  }
  if (!Array.isArray(value.apps) || value.apps.length === 0) return 'apps must be a non-empty array';
  const clientIds = new Set<string>();
  for (const [i, app] of value.apps.entries()) {
    const path = `apps[${i}]`;
    if (!isObject(app)) return `${path} must be an object`;
    const e = unknownMember(path, app, [
      'clientId',
      'displayName',
      'secrets',
      'certificates',
      'roles',
      'publicClient',
    ]);
    if (e) return e;
    if (typeof app.clientId !== 'string' || !GUID.test(app.clientId))
      return `${path}.clientId must be a GUID (the application (client) id)`;
    if (clientIds.has(app.clientId.toLowerCase())) return `${path}.clientId repeats an earlier app`;
    clientIds.add(app.clientId.toLowerCase());
    if (app.displayName !== undefined && typeof app.displayName !== 'string')
      return `${path}.displayName must be a string`;
    // Secrets are named by position only.
    if (app.secrets !== undefined) {
      const p = stringList(`${path}.secrets`, app.secrets);
      if (p) return p;
    }
    if (app.certificates !== undefined) {
      const p = stringList(`${path}.certificates`, app.certificates);
      if (p) return p;
      for (const [j, pem] of (app.certificates as string[]).entries()) {
        try {
          new X509Certificate(pem);
        } catch (err) {
          return `${path}.certificates[${j}] is not a PEM certificate (${(err as Error).message})`;
        }
      }
    }
    const r = permissionsProblem(`${path}.roles`, app.roles);
    if (r) return r;
    if (app.publicClient !== undefined && typeof app.publicClient !== 'boolean')
      return `${path}.publicClient must be true or false`;
    if (app.secrets === undefined && app.certificates === undefined && app.publicClient !== true)
      return `${path} has no credential: give "secrets", "certificates" or "publicClient": true`;
  }
  const upns = new Set<string>();
  if (value.users !== undefined) {
    if (!Array.isArray(value.users)) return 'users must be an array';
    for (const [i, user] of value.users.entries()) {
      const path = `users[${i}]`;
      if (!isObject(user)) return `${path} must be an object`;
      const e = unknownMember(path, user, ['upn', 'scopes']);
      if (e) return e;
      if (typeof user.upn !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(user.upn))
        return `${path}.upn must be a user principal name like analyst@contoso.example`;
      upns.add(user.upn.toLowerCase());
      const p = permissionsProblem(`${path}.scopes`, user.scopes);
      if (p) return p;
    }
  }
  const t = positive('tokenLifetimeSeconds', value.tokenLifetimeSeconds);
  if (t) return t;
  if (value.deviceCode !== undefined) {
    const dc = value.deviceCode;
    if (!isObject(dc)) return 'deviceCode must be an object';
    const e = unknownMember('deviceCode', dc, ['expiresInSeconds', 'intervalSeconds', 'autoApprove']);
    if (e) return e;
    const p =
      positive('deviceCode.expiresInSeconds', dc.expiresInSeconds) ??
      positive('deviceCode.intervalSeconds', dc.intervalSeconds);
    if (p) return p;
    if (dc.autoApprove !== undefined) {
      const a = dc.autoApprove;
      if (!isObject(a)) return 'deviceCode.autoApprove must be an object with "upn"';
      const ea = unknownMember('deviceCode.autoApprove', a, ['upn', 'afterPolls']);
      if (ea) return ea;
      if (typeof a.upn !== 'string' || !upns.has(a.upn.toLowerCase()))
        return 'deviceCode.autoApprove.upn must be the upn of one of the users';
      const pa = positive('deviceCode.autoApprove.afterPolls', a.afterPolls);
      if (pa) return pa;
    }
  }
  return null;
}

/** Validates a configuration given in code; throws a FormatError naming the field. */
export function checkIdentityConfig(value: unknown, origin = 'EmulatorOptions.identity'): IdentityConfig {
  const problem = identityProblem(value);
  if (problem) throw new FormatError(`[emulate] ${origin} is invalid: ${problem}.`);
  return value as IdentityConfig;
}

/**
 * Reads an `--identity` file. A certificate entry that is not PEM text is a path, relative to the
 * file, of a PEM certificate (only the certificate: the emulator never needs an app's key).
 */
export async function readIdentityFile(path: string): Promise<IdentityConfig> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new FormatError(`[emulate] Cannot read the identity file ${path}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  if (isObject(value) && Array.isArray(value.apps)) {
    for (const [i, app] of value.apps.entries()) {
      if (!isObject(app) || !Array.isArray(app.certificates)) continue;
      const resolved: unknown[] = [];
      for (const [j, entry] of app.certificates.entries()) {
        if (typeof entry !== 'string' || entry.includes('-----BEGIN')) {
          resolved.push(entry);
          continue;
        }
        const file = resolve(dirname(path), entry);
        try {
          resolved.push(await readFile(file, 'utf8'));
        } catch (err) {
          throw new FormatError(
            `[emulate] The identity file ${path} is invalid: apps[${i}].certificates[${j}]: cannot read ${file}: ${(err as Error).message}.`,
          );
        }
      }
      app.certificates = resolved;
    }
  }
  return checkIdentityConfig(value, `The identity file ${path}`);
}
