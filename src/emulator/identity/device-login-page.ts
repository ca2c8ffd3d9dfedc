/**
 * The verification page of the device-code flow (`/devicelogin`, Entra ID's microsoft.com/devicelogin):
 * a person enters the code the client printed, picks which configured user signs in, and approves
 * or declines. There are no passwords: the emulator's users are test identities. Tests post the
 * same form over HTTPS.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { IdentityProvider } from './identity-provider.js';

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(res: ServerResponse, status: number, title: string, body: string): void {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>body{font:16px system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem}label{display:block;margin:.8rem 0 .3rem}input,select{font:inherit;padding:.3rem;width:100%}button{font:inherit;margin:1rem .5rem 0 0;padding:.4rem 1rem}</style>
</head><body><h1>${escape(title)}</h1>${body}</body></html>`;
  const bytes = Buffer.from(html, 'utf8');
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': String(bytes.length),
    'Cache-Control': 'no-store',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
  });
  res.end(bytes);
}

function form(provider: IdentityProvider, message = ''): string {
  const users = (provider.config.users ?? [])
    .map((u) => `<option value="${escape(u.upn)}">${escape(u.upn)}</option>`)
    .join('');
  return `${message ? `<p><strong>${escape(message)}</strong></p>` : ''}
<p>Enter the code shown by the application, choose the test user who signs in, and approve or decline.</p>
<form method="post" action="/devicelogin">
<label for="code">Code</label><input id="code" name="code" autocomplete="off" required>
<label for="upn">Sign in as</label><select id="upn" name="upn">${users}</select>
<button name="action" value="approve">Approve</button><button name="action" value="decline">Decline</button>
</form>`;
}

/** Answers `GET` (the form) and `POST` (a decision) on `/devicelogin`. */
export async function handleDeviceLogin(
  provider: IdentityProvider,
  req: IncomingMessage,
  res: ServerResponse,
  readForm: (req: IncomingMessage) => Promise<URLSearchParams>,
): Promise<void> {
  if (req.method === 'GET') return page(res, 200, 'Sign in to the mailtrail emulator', form(provider));
  if (req.method !== 'POST') return page(res, 405, 'Method not allowed', '<p>Use GET or POST.</p>');
  const params = await readForm(req);
  const code = params.get('code') ?? '';
  const upn = params.get('upn') ?? '';
  const app = provider.deviceCodeApp(code);
  const outcome =
    params.get('action') === 'decline'
      ? provider.declineDeviceCode(code)
      : provider.approveDeviceCode(code, upn);
  const problems: Record<string, string> = {
    unknown: 'That code is not valid. Check the code and try again.',
    expired: 'That code has expired. Start the sign-in again in the application.',
    settled: 'That code was already used.',
    'unknown-user': `The user ${upn} is not in the emulator's directory.`,
  };
  if (outcome !== 'ok') return page(res, 400, 'Sign-in failed', form(provider, problems[outcome]));
  const name = app?.displayName ?? app?.clientId ?? 'the application';
  return params.get('action') === 'decline'
    ? page(res, 200, 'Sign-in declined', `<p>You declined the sign-in to ${escape(name)}.</p>`)
    : page(
        res,
        200,
        'Signed in',
        `<p>You have signed in to ${escape(name)} as ${escape(upn)}. You may now close this window.</p>`,
      );
}
