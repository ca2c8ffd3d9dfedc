/**
 * Helpers for sign-in tests: the emulator over HTTPS with an identity provider, its CA written
 * to a file (as `emulate --write-ca` does), app certificates, and credential choices.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import {
  startEmulator,
  type EmulatorOptions,
  type IdentityConfig,
  type RunningEmulator,
} from '../../src/emulator/index.js';
import { selfSignedClientCertificate } from '../../src/emulator/tls/certificate.js';
import type { CredentialChoice } from '../../src/case/fetch/credentials.js';
import { tempDir } from '../fetch/_harness.js';

export const TENANT = '6f0c2b1e-4a8d-4a51-9a53-0c1a2b3c4d5e';
export const DOMAIN = 'contoso.example';
export const SECRET_APP = '11111111-2222-4333-8444-555555555555';
export const CERT_APP = '22222222-3333-4444-8555-666666666666';
export const PUBLIC_APP = '33333333-4444-4555-8666-777777777777';
export const CONFIDENTIAL_ONLY_APP = '44444444-5555-4666-8777-888888888888';
export const SECRET = 'Zq8~sEcReT.value-9f3b1c';
export const ANALYST = 'analyst@contoso.example';
export const VICTIM = 'a.user@contoso.example';

/** One app certificate for the whole test file (RSA key generation is the slow part). */
export const APP_CERT = selfSignedClientCertificate('mailtrail-test-app');

export function identityConfig(over: Partial<IdentityConfig> = {}): IdentityConfig {
  return {
    tenantId: TENANT,
    domains: [DOMAIN],
    apps: [
      {
        clientId: SECRET_APP,
        displayName: 'mailtrail (secret)',
        secrets: [SECRET],
        roles: { outlook: ['full_access_as_app'], graph: ['AuditLogsQuery.Read.All'] },
      },
      {
        clientId: CERT_APP,
        displayName: 'mailtrail (certificate)',
        certificates: [APP_CERT.certPem],
        roles: { outlook: ['full_access_as_app'], graph: ['AuditLogsQuery.Read.All'] },
      },
      { clientId: PUBLIC_APP, displayName: 'mailtrail (device code)', publicClient: true },
      {
        clientId: CONFIDENTIAL_ONLY_APP,
        displayName: 'mailtrail (no public flows)',
        secrets: ['other-secret-1'],
      },
    ],
    users: [
      { upn: ANALYST, scopes: { outlook: ['Mail.Read'], graph: ['AuditLog.Read.All'] } },
      { upn: VICTIM, scopes: { outlook: ['Mail.Read'] } },
    ],
    ...over,
  };
}

export interface IdentityFixture {
  readonly emu: RunningEmulator;
  readonly dir: string;
  /** The CA certificate file clients pass as --ca-file. */
  readonly caFile: string;
}

type TestContext = { after(fn: () => Promise<void>): void };

export async function startIdentityEmulator(
  t: TestContext,
  options: Partial<EmulatorOptions> = {},
): Promise<IdentityFixture> {
  const emu = await startEmulator({
    scenario: { seed: 1, scale: 0.02 },
    tls: true,
    identity: identityConfig(),
    ...options,
  });
  t.after(() => emu.close());
  const dir = await tempDir(t, 'mailtrail-identity-');
  const caFile = join(dir, 'emulator-ca.pem');
  await writeFile(caFile, emu.caCertificate!);
  return { emu, dir, caFile };
}

/** A credential choice for the fixture's emulator. */
export function choiceFor(f: IdentityFixture, over: Partial<CredentialChoice> = {}): CredentialChoice {
  return {
    env: {},
    tenant: TENANT,
    authorityHost: f.emu.url,
    caFile: f.caFile,
    component: '[test]',
    ...over,
  };
}

/** Writes the app certificate and its key as one PEM file (what --certificate reads). */
export async function writeAppCertificate(dir: string, keyPem = APP_CERT.keyPem): Promise<string> {
  const file = join(dir, 'app.pem');
  await writeFile(file, `${keyPem}${APP_CERT.certPem}`, { mode: 0o600 });
  return file;
}

/** Submits the emulator's device-code verification form over HTTPS, as a person would. */
export async function submitDeviceLogin(
  f: IdentityFixture,
  userCode: string,
  upn: string,
  action: 'approve' | 'decline' = 'approve',
): Promise<{ status: number; html: string }> {
  const agent = new Agent({ connect: { ca: f.emu.caCertificate! } });
  try {
    const res = await request(`${f.emu.url}/devicelogin`, {
      method: 'POST',
      dispatcher: agent,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ code: userCode, upn, action }).toString(),
    });
    return { status: res.statusCode, html: await res.body.text() };
  } finally {
    await agent.close();
  }
}

/** The user code in MSAL's device-code message. */
export function userCodeOf(message: string): string {
  const m = /enter the code (\S+) to authenticate/.exec(message);
  if (!m) throw new Error(`no user code in: ${message}`);
  return m[1]!;
}
