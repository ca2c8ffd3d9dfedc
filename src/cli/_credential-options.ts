/**
 * The credential flags every command that calls a Microsoft API shares, and the step from parsed
 * flags to a {@link CredentialChoice}: app sign-in (`--tenant`, `--client-id`, `--certificate`,
 * a client secret, `--device-code`, `--authority-host`, `--ca-file`, `--token-cache`) or a
 * ready credential (`--token`, `--basic` where the API accepts it). Secrets are read from the
 * environment (MAILTRAIL_CLIENT_SECRET, MAILTRAIL_CERTIFICATE_PASSWORD, MAILTRAIL_CACHE_PASSPHRASE)
 * or asked for on the terminal; a secret given as a flag works but is discouraged, since process
 * lists show it, and the run record stores it redacted.
 *
 * @module
 */
import type { Command, OptionValues } from '@commander-js/extra-typings';
import type { CredentialChoice } from '../case/fetch/credentials.js';
import type { CliIo } from './_io.js';
import { promptHidden } from './_prompt.js';

/** Parsed credential flags. */
export interface CredentialFlags {
  token?: string;
  basic?: string;
  tenant?: string;
  clientId?: string;
  clientSecret?: string;
  certificate?: string;
  deviceCode?: true;
  authorityHost?: string;
  caFile?: string;
  tokenCache?: string;
}

/** Help text listing the credential sources, for `addHelpText('after', …)`. */
export const CREDENTIALS_HELP = `
Sign-in (an app registration in Entra ID; docs/authentication.md, docs/permissions.md):
  --tenant T --client-id ID --certificate app.pem   app-only with a certificate (recommended)
  --tenant T --client-id ID  + MAILTRAIL_CLIENT_SECRET   app-only with a client secret
  --tenant T --client-id ID --device-code           delegated: sign in as a user with a code
  Tokens stay in memory unless --token-cache FILE (encrypted; MAILTRAIL_CACHE_PASSPHRASE).
  Test authority: --authority-host https://127.0.0.1:PORT --ca-file emulator-ca.pem`;

/**
 * Adds the credential flags to `command`. `basic: false` leaves out `--basic` (APIs that never
 * accepted Basic authentication).
 */
export function addCredentialOptions<Args extends unknown[], Opts extends OptionValues>(
  command: Command<Args, Opts>,
  { basic = true }: { basic?: boolean } = {},
): Command<Args, Opts & CredentialFlags> {
  const c = command as unknown as Command;
  c.option('--tenant <id>', 'tenant id or verified domain of the app sign-in (env MAILTRAIL_TENANT)')
    .option('--client-id <id>', 'application (client) id of the app registration (env MAILTRAIL_CLIENT_ID)')
    .option(
      '--certificate <file>',
      'PEM file with the app certificate and its private key (app-only, recommended)',
    )
    .option(
      '--client-secret <secret>',
      'client secret (discouraged: process lists show it; set MAILTRAIL_CLIENT_SECRET instead)',
    )
    .option('--device-code', 'sign in as a user with a device code (delegated; for a quick triage)')
    .option('--authority-host <url>', 'identity provider root (default https://login.microsoftonline.com)')
    .option('--ca-file <file>', 'also trust these PEM CA certificates (the emulator’s test CA)')
    .option(
      '--token-cache <file>',
      'keep tokens between runs in this encrypted file (MAILTRAIL_CACHE_PASSPHRASE)',
    )
    .option(
      '--token <token>',
      'OAuth bearer token (prefer the OAUTH_TOKEN environment variable: flags show in process lists)',
    );
  if (basic)
    c.option(
      '--basic <user>',
      'HTTP Basic authentication as this user; password from MAILTRAIL_PASSWORD or a prompt',
    );
  return command as unknown as Command<Args, Opts & CredentialFlags>;
}

/**
 * The credential choice of parsed flags. `component` prefixes messages (e.g. `[fetch]`). The
 * device-code instructions go to stderr; passphrases are asked on the terminal when there is one.
 */
export function credentialChoiceFrom(
  flags: CredentialFlags,
  io: CliIo,
  component = '[fetch]',
): CredentialChoice {
  const tenant = flags.tenant ?? nonEmpty(io.env.MAILTRAIL_TENANT);
  const clientId = flags.clientId ?? nonEmpty(io.env.MAILTRAIL_CLIENT_ID);
  const fromEnvOnly =
    flags.token === undefined &&
    flags.basic === undefined &&
    nonEmpty(io.env.OAUTH_TOKEN) === undefined &&
    tenant !== undefined &&
    clientId !== undefined;
  const appSignIn =
    fromEnvOnly ||
    flags.tenant !== undefined ||
    flags.clientId !== undefined ||
    flags.certificate !== undefined ||
    flags.clientSecret !== undefined ||
    flags.deviceCode === true ||
    flags.tokenCache !== undefined;
  return {
    env: io.env,
    component,
    ...(flags.token !== undefined ? { token: flags.token } : {}),
    ...(flags.basic !== undefined ? { basicUser: flags.basic } : {}),
    // MAILTRAIL_TENANT + MAILTRAIL_CLIENT_ID start an app sign-in only when no token or Basic
    // credential was given, so --token, OAUTH_TOKEN and --basic work as before in such a shell.
    ...(appSignIn && tenant !== undefined ? { tenant } : {}),
    ...(appSignIn && clientId !== undefined ? { clientId } : {}),
    ...(flags.clientSecret !== undefined ? { clientSecret: flags.clientSecret } : {}),
    ...(flags.certificate !== undefined ? { certificateFile: flags.certificate } : {}),
    ...(flags.deviceCode ? { deviceCode: true } : {}),
    ...(flags.authorityHost !== undefined ? { authorityHost: flags.authorityHost } : {}),
    ...(flags.caFile !== undefined ? { caFile: flags.caFile } : {}),
    ...(flags.tokenCache !== undefined ? { tokenCacheFile: flags.tokenCache } : {}),
    onDeviceCode: (message: string) => void io.stderr.write(`${message}\n`),
    ...(io.signal ? { signal: io.signal } : {}),
    log: (line: string) => {
      // MSAL's routine notice for app-only tokens says nothing useful to a user.
      if (!/No client info in response/.test(line)) io.stderr.write(`${line}\n`);
    },
    ...(io.stdin?.isTTY ? { promptPassword: (q: string) => promptHidden(io, q) } : {}),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value.trim() : undefined;
}
