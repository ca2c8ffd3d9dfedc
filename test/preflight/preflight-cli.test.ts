/**
 * `mailtrail preflight` through the CLI: the terminal table, the JSON shape, evidence kept in a
 * case that `case verify` accepts, and the exit codes of refused credentials and bad input.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyCase } from '../../src/case/verify-case.js';
import {
  COLLEAGUE,
  NO_EXCHANGE_APP,
  SECRET,
  TENANT_ID,
  TOKEN,
  VICTIM,
  cli,
  startTenant,
} from './_helpers.js';

const base = (url: string) => ['preflight', '--graph-url', url, '--exchange-url', url, '--tenant', TENANT_ID];

test('the terminal table names question, evidence, availability and why', async () => {
  const emu = await startTenant();
  try {
    const r = await cli([...base(emu.url), '--user', VICTIM, '--token', TOKEN]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Pre-flight of tenant 4f6b1c2d-/);
    assert.match(r.stdout, /\nTENANT\n/);
    assert.match(r.stdout, new RegExp(`\\nMAILBOX ${VICTIM.replace('.', '\\.')}\\n`));
    assert.match(r.stdout, /Question +Evidence source +Avail\. +Why/);
    assert.match(r.stdout, /Is the Unified Audit Log[^\n]* Exchange [^\n]* yes +ingestion on\./);
    assert.match(r.stdout, /UNKNOWN/);
    assert.match(r.stdout, /\nAPI CALLS\n/);
    assert.match(
      r.stdout,
      /Get-MailboxAuditBypassAssociation -Identity ap\.clerk@contoso\.example +200 +answered\n/,
    );
    assert.ok(!r.stdout.includes(TOKEN), 'the token never appears in the output');
  } finally {
    await emu.close();
  }
});

test('--json: a stable, machine-readable shape', async () => {
  const emu = await startTenant();
  try {
    const r = await cli([...base(emu.url), '--user', VICTIM, '--user', COLLEAGUE, '--json'], {
      OAUTH_TOKEN: TOKEN,
    });
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as Record<string, unknown> & {
      rows: Record<string, unknown>[];
      probes: Record<string, unknown>[];
      summary: Record<string, number>;
    };
    assert.equal(j.format, 'mailtrail-preflight');
    assert.equal(j.version, 1);
    assert.deepEqual(j.users, [VICTIM, COLLEAGUE]);
    assert.equal(j.evidence, null);
    const total = Object.values(j.summary).reduce((a, b) => a + b, 0);
    assert.equal(total, j.rows.length);
    for (const row of j.rows) {
      assert.deepEqual(Object.keys(row).sort(), [
        'answer',
        'available',
        'evidence',
        'id',
        'probes',
        'question',
        'scope',
        'why',
      ]);
      assert.ok(['yes', 'partial', 'no', 'unknown'].includes(row.available as string));
    }
    const scopes = new Set(j.rows.map((x) => x.scope));
    assert.deepEqual([...scopes], ['tenant', VICTIM, COLLEAGUE]);
    const ids = j.probes.map((p) => p.id);
    assert.ok(ids.includes('exchange.Get-AdminAuditLogConfig'));
    assert.ok(ids.includes(`graph.licenseDetails:${COLLEAGUE}`));
    // Mailboxes are probed in parallel but listed in --user order.
    const at = (id: string) => ids.indexOf(id);
    assert.ok(at(`graph.licenseDetails:${VICTIM}`) < at(`exchange.Get-Mailbox:${VICTIM}`));
    assert.ok(
      at(`exchange.Get-MailboxAuditBypassAssociation:${VICTIM}`) < at(`graph.licenseDetails:${COLLEAGUE}`),
    );
    assert.ok(!r.stdout.includes(TOKEN));
  } finally {
    await emu.close();
  }
});

test('--case keeps the raw answers and the result as hashed evidence; case verify passes', async () => {
  const emu = await startTenant({ mailboxes: { [VICTIM]: { auditBypass: true } } });
  const dir = await mkdtemp(join(tmpdir(), 'mt-preflight-'));
  const caseDir = join(dir, 'case');
  try {
    assert.equal((await cli(['case', 'init', caseDir])).code, 0);
    const r = await cli([...base(emu.url), '--user', VICTIM, '--case', caseDir, '--token', TOKEN, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const result = JSON.parse(r.stdout) as {
      evidence: { dir: string; files: number };
      probes: { id: string; evidence?: string; sha256?: string }[];
    };
    assert.match(result.evidence.dir, /^evidence\/preflight\/\d{8}T\d{6}Z-pre-[0-9a-f]{6}$/);
    const manifest = JSON.parse(await readFile(join(caseDir, 'manifest.json'), 'utf8')) as {
      evidence: { path: string; sha256: string }[];
    };
    const listed = manifest.evidence.filter((e) => e.path.startsWith(result.evidence.dir));
    assert.equal(listed.length, result.evidence.files);
    // Each probe's raw body is kept byte for byte under the hash the result names.
    for (const p of result.probes) {
      assert.ok(p.evidence && p.sha256, p.id);
      const bytes = await readFile(join(caseDir, p.evidence));
      assert.equal(createHash('sha256').update(bytes).digest('hex'), p.sha256);
      assert.ok(listed.some((e) => e.path === p.evidence && e.sha256 === p.sha256));
    }
    const kept = JSON.parse(await readFile(join(caseDir, result.evidence.dir, 'preflight.json'), 'utf8')) as {
      rows: { id: string; scope: string; available: string }[];
    };
    assert.equal(kept.rows.find((x) => x.id === 'mailbox.bypass')?.available, 'no');
    const exchanges = await readFile(join(caseDir, result.evidence.dir, 'exchanges.jsonl'), 'utf8');
    assert.ok(
      !exchanges.includes(TOKEN) && !/authorization/i.test(exchanges),
      'no credential in the evidence',
    );
    const ledger = await readFile(join(caseDir, 'ledger.jsonl'), 'utf8');
    assert.match(ledger, /"action":"preflight"/);
    const v = await verifyCase(caseDir);
    assert.ok(v.ok, JSON.stringify(v));
    assert.equal((await cli(['case', 'verify', caseDir])).code, 0);
  } finally {
    await emu.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('exit codes: refused credentials 1 with a clear message, bad input 2', async () => {
  const emu = await startTenant();
  const dir = await mkdtemp(join(tmpdir(), 'mt-preflight-'));
  try {
    const refused = await cli([...base(emu.url), '--user', VICTIM, '--token', 'wrong-token']);
    assert.equal(refused.code, 1);
    assert.match(
      refused.stderr,
      /authentication failed: Microsoft Graph and the Exchange admin API refused the credentials \(HTTP 401/,
    );
    assert.ok(!refused.stderr.includes('wrong-token'));
    assert.equal((await cli([...base(emu.url), '--token', TOKEN])).code, 2);
    assert.equal((await cli([...base(emu.url), '--user', 'not-a-upn', '--token', TOKEN])).code, 2);
    const bad = await cli([...base(emu.url), '--user', VICTIM, '--token', TOKEN, '--start', 'last week']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--start "last week" is not an ISO 8601 date/);
    const users = join(dir, 'users.txt');
    await writeFile(users, `# victims\n${VICTIM}\n\nbroken line\n`);
    const file = await cli([...base(emu.url), '--users-file', users, '--token', TOKEN]);
    assert.equal(file.code, 2);
    assert.match(file.stderr, /users\.txt line 4: not a mailbox UPN/);
    const noCase = await cli([
      ...base(emu.url),
      '--user',
      VICTIM,
      '--token',
      TOKEN,
      '--case',
      join(dir, 'nope'),
    ]);
    assert.equal(noCase.code, 2);
    assert.match(noCase.stderr, /is not a mailtrail case/);
    const unreachable = await cli([
      'preflight',
      '--graph-url',
      'http://127.0.0.1:9',
      '--exchange-url',
      'http://127.0.0.1:9',
      '--tenant',
      TENANT_ID,
      '--user',
      VICTIM,
      '--token',
      TOKEN,
      '--timeout',
      '5',
    ]);
    assert.equal(unreachable.code, 1);
    assert.match(unreachable.stderr, /could be reached/);
  } finally {
    await emu.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('an app sign-in gets one token per API; an app without the Exchange role leaves those rows unknown', async () => {
  const emu = await startTenant({}, { tls: true });
  const dir = await mkdtemp(join(tmpdir(), 'mt-preflight-'));
  try {
    const ca = join(dir, 'ca.pem');
    await writeFile(ca, emu.caCertificate!);
    const r = await cli(
      [
        'preflight',
        '--graph-url',
        emu.url,
        '--exchange-url',
        emu.url,
        '--tenant',
        TENANT_ID,
        '--client-id',
        NO_EXCHANGE_APP,
        '--authority-host',
        emu.url,
        '--ca-file',
        ca,
        '--user',
        VICTIM,
        '--json',
      ],
      { MAILTRAIL_CLIENT_SECRET: SECRET },
    );
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as {
      rows: { id: string; scope: string; available: string; why: string }[];
      credentials: { api: string; claims: { audience: string; roles: string[] } | null }[];
    };
    const get = (id: string, scope = 'tenant') => j.rows.find((x) => x.id === id && x.scope === scope)!;
    assert.equal(get('signins.available').available, 'yes');
    assert.equal(get('mailbox.retention', VICTIM).available, 'yes');
    assert.equal(get('ual.ingestion').available, 'unknown');
    assert.match(get('ual.ingestion').why, /403/);
    assert.equal(
      j.credentials.find((c) => c.api === 'graph')!.claims!.audience,
      'https://graph.microsoft.com',
    );
    assert.equal(
      j.credentials.find((c) => c.api === 'exchange')!.claims!.audience,
      'https://outlook.office365.com',
    );
    assert.ok(!r.stdout.includes(SECRET) && !r.stderr.includes(SECRET));
  } finally {
    await emu.close();
    await rm(dir, { recursive: true, force: true });
  }
});
