/**
 * The emulator's Exchange admin InvokeCommand endpoint and Graph directory endpoints, over
 * loopback: answers, authorization by audience and permission, read-only refusals, and the
 * tenant configuration's validation (in code and through `emulate --tenant-config`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { checkTenantConfig } from '../../src/emulator/index.js';
import {
  FULL_APP,
  NO_EXCHANGE_APP,
  TENANT_ID,
  TOKEN,
  VICTIM,
  appToken,
  cli,
  startTenant,
} from './_helpers.js';

async function invoke(url: string, token: string, body: unknown, tenant = TENANT_ID) {
  const res = await request(`${url}/adminapi/beta/${tenant}/InvokeCommand`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return {
    status: res.statusCode,
    json: (await res.body.json()) as Record<string, unknown> & { value?: Record<string, unknown>[] },
  };
}

const cmd = (CmdletName: string, Parameters: Record<string, unknown> = {}) => ({
  CmdletInput: { CmdletName, Parameters },
});

test('InvokeCommand answers the read cmdlets from the tenant configuration', async () => {
  const emu = await startTenant({
    mailboxes: { [VICTIM]: { auditOwner: ['MailItemsAccessed'], auditBypass: true } },
  });
  try {
    const mb = await invoke(emu.url, TOKEN, cmd('Get-Mailbox', { Identity: VICTIM }));
    assert.equal(mb.status, 200);
    const m = mb.json.value![0]!;
    assert.deepEqual(m.AuditOwner, ['MailItemsAccessed']);
    assert.deepEqual(m.DefaultAuditSet, ['Admin', 'Delegate']);
    assert.equal(m.AuditEnabled, true);
    const bp = await invoke(
      emu.url,
      TOKEN,
      cmd('Get-MailboxAuditBypassAssociation', { Identity: 'ap.clerk' }),
    );
    assert.equal(bp.json.value![0]!.AuditBypassEnabled, true);
    const cfg = await invoke(emu.url, TOKEN, cmd('Get-AdminAuditLogConfig'), 'contoso.onmicrosoft.com');
    assert.equal(cfg.json.value![0]!.UnifiedAuditLogIngestionEnabled, true);
    assert.ok(Array.isArray(cfg.json['adminapi.warnings']));
    const missing = await invoke(emu.url, TOKEN, cmd('Get-Mailbox', { Identity: 'ghost@contoso.example' }));
    assert.equal(missing.status, 404);
    assert.match(
      String((missing.json.error as { message: string }).message),
      /ManagementObjectNotFoundException/,
    );
    const write = await invoke(emu.url, TOKEN, cmd('Set-Mailbox', { Identity: VICTIM, AuditEnabled: false }));
    assert.equal(write.status, 403);
    assert.equal((await invoke(emu.url, TOKEN, { nope: 1 })).status, 400);
    assert.equal(
      (await invoke(emu.url, TOKEN, cmd('Get-OrganizationConfig'), 'fabrikam.example')).status,
      404,
    );
  } finally {
    await emu.close();
  }
});

test('InvokeCommand wants an Exchange token with Exchange.ManageAsApp; Graph wants its permissions', async () => {
  const emu = await startTenant();
  try {
    const graph = await appToken(emu, FULL_APP, 'https://graph.microsoft.com');
    assert.equal((await invoke(emu.url, graph, cmd('Get-OrganizationConfig'))).status, 401);
    const noRole = await appToken(emu, NO_EXCHANGE_APP, 'https://outlook.office365.com');
    const denied = await invoke(emu.url, noRole, cmd('Get-OrganizationConfig'));
    assert.equal(denied.status, 403);
    assert.match(String((denied.json.error as { message: string }).message), /Exchange\.ManageAsApp/);
    const ok = await appToken(emu, FULL_APP, 'https://outlook.office365.com');
    assert.equal((await invoke(emu.url, ok, cmd('Get-OrganizationConfig'))).status, 200);

    const get = async (path: string, token: string) => {
      const res = await request(`${emu.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      return {
        status: res.statusCode,
        json: (await res.body.json()) as { value?: Record<string, unknown>[] },
      };
    };
    const org = await get('/v1.0/organization', graph);
    assert.equal(org.status, 200);
    assert.equal(org.json.value![0]!.id, TENANT_ID);
    const skus = await get('/v1.0/subscribedSkus', graph);
    assert.deepEqual(
      skus.json.value!.map((s) => s.skuPartNumber),
      ['SPE_E3'],
    );
    const lic = await get(`/v1.0/users/${encodeURIComponent(VICTIM)}/licenseDetails`, graph);
    assert.equal(lic.status, 200);
    assert.ok(JSON.stringify(lic.json).includes('AAD_PREMIUM'));
    assert.equal((await get('/v1.0/users/ghost%40contoso.example/licenseDetails', graph)).status, 404);
    assert.equal((await get('/v1.0/organization', ok)).status, 401, 'an Exchange token is refused by Graph');
  } finally {
    await emu.close();
  }
});

test('tenant configuration validation names the field', async () => {
  assert.throws(() => checkTenantConfig({ auditDisabled: 'yes' }), /auditDisabled must be true or false/);
  assert.throws(
    () => checkTenantConfig({ defaultLicences: ['E99'] }),
    /defaultLicences\[0\] "E99" is not one of SPE_E3/,
  );
  assert.throws(
    () => checkTenantConfig({ mailboxes: { [VICTIM]: { auditDelegate: ['MailboxLogin'] } } }),
    /mailboxes\["ap\.clerk@contoso\.example"\]\.auditDelegate\[0\] "MailboxLogin" is not one of/,
  );
  assert.throws(
    () => checkTenantConfig({ mailboxes: { [VICTIM]: { bypass: true } } }),
    /unknown member "bypass"/,
  );
  const dir = await mkdtemp(join(tmpdir(), 'mt-tenant-'));
  try {
    const file = join(dir, 'tenant.json');
    await writeFile(file, '{"unifiedAuditLogIngestionEnabled": "off"}');
    const r = await cli(['emulate', '--tenant-config', file, '--token', TOKEN]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /tenant\.json is invalid: unifiedAuditLogIngestionEnabled must be true or false/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
