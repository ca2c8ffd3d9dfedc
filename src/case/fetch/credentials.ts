/**
 * Chooses the credential provider from what the user gave. Two families, never mixed:
 * - a ready credential: `--token`, `--basic USER` (Activities API only; password from
 *   MAILTRAIL_PASSWORD or a prompt), or the `OAUTH_TOKEN` environment variable;
 * - a Microsoft identity sign-in of an app registration (`--tenant` + `--client-id` with
 *   `--certificate FILE`, a client secret, or `--device-code`), through MSAL.
 * One sign-in per run serves every API: pass the same {@link CredentialChoice} object for each
 * resource and the session is shared (a device code is shown once). The choice is stated in the
 * ledger by its description, never by its value.
 *
 * @module
 */
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { UsageError } from '../../errors.js';
import { basicCredentials, bearerToken, type CredentialProvider } from '../../sources/_http/credentials.js';
import { parseClientCertificate } from '../../sources/identity/client-certificate.js';
import { IdentitySession, type SignInMode } from '../../sources/identity/msal-session.js';
import type { ApiResource } from '../../sources/identity/resources.js';
import { EncryptedTokenCache } from '../../sources/identity/token-cache.js';

export type { ApiResource } from '../../sources/identity/resources.js';

export interface CredentialChoice {
  readonly token?: string;
  readonly basicUser?: string;
  readonly env: NodeJS.ProcessEnv;
  /** Asks for a secret without echo (passwords, passphrases); absent when there is no terminal. */
  readonly promptPassword?: (question: string) => Promise<string>;
  /** Tenant id or verified domain of an app sign-in. */
  readonly tenant?: string;
  /** Application (client) id of the app registration. */
  readonly clientId?: string;
  /** A client secret given as a flag (discouraged: MAILTRAIL_CLIENT_SECRET is read otherwise). */
  readonly clientSecret?: string;
  /** PEM file with the app certificate and its private key. */
  readonly certificateFile?: string;
  /** Delegated sign-in with a device code. */
  readonly deviceCode?: boolean;
  /** Identity provider root; default https://login.microsoftonline.com. */
  readonly authorityHost?: string;
  /** Extra CA certificate(s) to trust (PEM file), e.g. the emulator's test CA. */
  readonly caFile?: string;
  /** Keep the token cache in this encrypted file (passphrase: MAILTRAIL_CACHE_PASSPHRASE or a prompt). */
  readonly tokenCacheFile?: string;
  /** Shows the device-code instructions (stderr in the CLI). */
  readonly onDeviceCode?: (message: string) => void;
  /** Ends a pending device-code sign-in (Ctrl-C) instead of polling until the code expires. */
  readonly signal?: AbortSignal;
  /** MSAL warnings (no PII). */
  readonly log?: (line: string) => void;
  /** Prefix of messages, e.g. `[fetch]`; default `[fetch]`. */
  readonly component?: string;
}

/** Sessions by choice object, so every resource of a run shares one sign-in. */
const sessions = new WeakMap<CredentialChoice, Promise<IdentitySession>>();
const trust = new WeakMap<CredentialChoice, Promise<string | undefined>>();

/** True when the choice asks for an app sign-in rather than a ready credential. */
export function wantsSignIn(choice: CredentialChoice): boolean {
  return (
    choice.tenant !== undefined ||
    choice.clientId !== undefined ||
    choice.clientSecret !== undefined ||
    choice.certificateFile !== undefined ||
    choice.deviceCode === true ||
    choice.tokenCacheFile !== undefined
  );
}

/**
 * The provider for `resource` (default: the Activities API). An app sign-in happens here, so a
 * wrong secret or tenant fails before any output is written. Every resource asked with the same
 * `choice` shares one sign-in; call {@link closeCredentials} once when the run ends, failed or not.
 */
export async function resolveCredentials(
  choice: CredentialChoice,
  resource: ApiResource = 'outlook',
): Promise<CredentialProvider> {
  const c = choice.component ?? '[fetch]';
  if (choice.token !== undefined && choice.basicUser !== undefined) {
    throw new UsageError(`${c} give either --token or --basic, not both`);
  }
  if (wantsSignIn(choice)) {
    if (choice.token !== undefined || choice.basicUser !== undefined)
      throw new UsageError(
        `${c} give either ${choice.token !== undefined ? '--token' : '--basic'} or an app sign-in (--tenant, --client-id …), not both`,
      );
    const session = await identitySession(choice);
    const provider = session.provider(resource);
    // Signs in now, so a wrong secret fails before anything is written. A failure for one API
    // leaves the run's session to the others; the caller closes it once, at the end of the run.
    await provider.authorization();
    return provider;
  }
  if (choice.token !== undefined) {
    if (choice.token.trim() === '') throw new UsageError(`${c} --token is empty`);
    return bearerToken(choice.token, '--token');
  }
  if (choice.basicUser !== undefined) {
    if (resource !== 'outlook')
      throw new UsageError(
        `${c} --basic works only with the Activities API; sign in with an app registration`,
      );
    const fromEnv = choice.env.MAILTRAIL_PASSWORD;
    if (fromEnv !== undefined && fromEnv !== '') return basicCredentials(choice.basicUser, fromEnv);
    if (!choice.promptPassword) {
      throw new UsageError(
        `${c} --basic needs a password: set MAILTRAIL_PASSWORD or run in a terminal to be asked`,
      );
    }
    const pw = await choice.promptPassword(`Password for ${choice.basicUser}: `);
    return basicCredentials(choice.basicUser, pw);
  }
  const envToken = choice.env.OAUTH_TOKEN;
  if (envToken !== undefined && envToken.trim() !== '') return bearerToken(envToken, 'OAUTH_TOKEN');
  throw new UsageError(
    `${c} no credentials: sign in with --tenant and --client-id (plus --certificate, MAILTRAIL_CLIENT_SECRET or --device-code), or pass --token, set OAUTH_TOKEN, or use --basic USER`,
  );
}

/** The extra CA certificates of `--ca-file` (PEM), read and checked once per choice. */
export function readTrustedCa(choice: CredentialChoice): Promise<string | undefined> {
  let p = trust.get(choice);
  if (!p) trust.set(choice, (p = readCa(choice.caFile, choice.component ?? '[fetch]')));
  return p;
}

/** Releases the sign-in's connections (call once the run is over). */
export async function closeCredentials(choice: CredentialChoice): Promise<void> {
  const session = sessions.get(choice);
  sessions.delete(choice);
  if (session)
    await session.then(
      (s) => s.close(),
      () => undefined,
    );
}

async function readCa(file: string | undefined, c: string): Promise<string | undefined> {
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`${c} cannot read --ca-file ${file}: ${(err as Error).message}`);
  }
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new UsageError(`${c} --ca-file ${file} holds no PEM certificate`);
  for (const block of blocks) {
    try {
      new X509Certificate(block);
    } catch (err) {
      throw new UsageError(`${c} --ca-file ${file}: a certificate cannot be read: ${(err as Error).message}`);
    }
  }
  return blocks.join('\n');
}

function identitySession(choice: CredentialChoice): Promise<IdentitySession> {
  let p = sessions.get(choice);
  if (!p) {
    p = createSession(choice);
    sessions.set(choice, p);
    p.catch(() => sessions.delete(choice));
  }
  return p;
}

async function createSession(choice: CredentialChoice): Promise<IdentitySession> {
  const c = choice.component ?? '[fetch]';
  if (
    choice.tenant === undefined ||
    choice.tenant.trim() === '' ||
    choice.clientId === undefined ||
    choice.clientId.trim() === ''
  )
    throw new UsageError(
      `${c} an app sign-in needs --tenant (tenant id or domain) and --client-id (application id)`,
    );
  const mode = await signInMode(choice, c);
  const ca = await readTrustedCa(choice);
  let cache: EncryptedTokenCache | undefined;
  if (choice.tokenCacheFile !== undefined) {
    cache = new EncryptedTokenCache(choice.tokenCacheFile, () =>
      secretFrom(
        choice,
        'MAILTRAIL_CACHE_PASSPHRASE',
        `Passphrase of the token cache ${choice.tokenCacheFile}: `,
        c,
        '--token-cache',
      ),
    );
    await cache.open();
  }
  return new IdentitySession({
    tenant: choice.tenant.trim(),
    clientId: choice.clientId.trim(),
    mode,
    ...(choice.authorityHost !== undefined ? { authorityHost: choice.authorityHost } : {}),
    ...(ca !== undefined ? { ca } : {}),
    ...(cache ? { cache } : {}),
    ...(choice.log ? { log: choice.log } : {}),
  });
}

async function signInMode(choice: CredentialChoice, c: string): Promise<SignInMode> {
  const chosen = [
    choice.certificateFile !== undefined && '--certificate',
    choice.clientSecret !== undefined && '--client-secret',
    choice.deviceCode === true && '--device-code',
  ].filter(Boolean);
  if (chosen.length > 1) throw new UsageError(`${c} choose one of ${chosen.join(', ')}`);
  if (choice.deviceCode === true) {
    const show = choice.onDeviceCode ?? (() => undefined);
    return { kind: 'device-code', onMessage: show, ...(choice.signal ? { signal: choice.signal } : {}) };
  }
  if (choice.certificateFile !== undefined) {
    const file = choice.certificateFile;
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      throw new UsageError(`${c} cannot read --certificate ${file}: ${(err as Error).message}`);
    }
    const encrypted = /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,ENCRYPTED/.test(text);
    const passphrase = encrypted
      ? await secretFrom(
          choice,
          'MAILTRAIL_CERTIFICATE_PASSWORD',
          `Passphrase of the key in ${file}: `,
          c,
          '--certificate',
        )
      : undefined;
    return { kind: 'client-certificate', certificate: parseClientCertificate(text, file, passphrase), file };
  }
  const secret = choice.clientSecret ?? choice.env.MAILTRAIL_CLIENT_SECRET;
  if (secret !== undefined && secret !== '') return { kind: 'client-secret', secret };
  throw new UsageError(
    `${c} the app sign-in needs a credential: --certificate FILE (recommended), a client secret in MAILTRAIL_CLIENT_SECRET, or --device-code`,
  );
}

/** A secret from the environment, else a prompt, else a usage error naming both. */
async function secretFrom(
  choice: CredentialChoice,
  variable: string,
  question: string,
  c: string,
  flag: string,
): Promise<string> {
  const fromEnv = choice.env[variable];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!choice.promptPassword)
    throw new UsageError(`${c} ${flag} needs a passphrase: set ${variable} or run in a terminal to be asked`);
  return choice.promptPassword(question);
}
