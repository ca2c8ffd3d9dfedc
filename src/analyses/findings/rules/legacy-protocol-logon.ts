import { classifyUserAgent } from '../../logons/user-agent.js';
import { sessionKeyOf } from '../../types.js';
import { defineRule, type FindingDraft } from '../types.js';

/**
 * Client types that authenticate with a password and no modern authentication: Activities
 * AppIdTypes and Entra `clientAppUsed` values (lower-cased, exact).
 */
const LEGACY_APPS = new Set([
  'imap4',
  'imap',
  'pop3',
  'pop',
  'smtp',
  'authenticated smtp',
  'exchange activesync',
  'other clients',
]);

/** UAL `ClientInfoString` of IMAP/POP mailbox logons (`Client=Microsoft.Exchange.Imap4`). */
const LEGACY_CLIENT_INFO = /^Client=(?:Microsoft\.Exchange\.)?(?:Imap4|Pop3|Smtp)\b/i;

export default defineRule({
  id: 'legacy-protocol-logon',
  title: 'Logon over a legacy protocol',
  level: 'high',
  status: 'stable',
  description:
    'A logon used IMAP4, POP3, SMTP, Exchange ActiveSync or "Other clients" (Activities client type, Entra clientAppUsed, UAL ClientInfoString), or a legacy-authentication user agent such as BAV2ROPC. These protocols bypass multi-factor authentication and are how stolen passwords are used to download a whole mailbox.',
  evaluate() {
    const out: FindingDraft[] = [];
    const seen = new Set<string>();
    return {
      add(e) {
        if (e.kind !== 'auth.logon' && e.kind !== 'auth.logon_failed') return;
        const legacyApp =
          e.app !== null && (LEGACY_APPS.has(e.app.toLowerCase()) || LEGACY_CLIENT_INFO.test(e.app));
        const client = classifyUserAgent(e.userAgent);
        if (!legacyApp && client.category !== 'legacy') return;
        const session = sessionKeyOf(e);
        const key = `${e.mailbox}\u0000${session ?? e.id}`;
        if (seen.has(key)) return;
        seen.add(key);
        const how = legacyApp ? `client type ${e.app}` : `user agent ${JSON.stringify(e.userAgent)}`;
        out.push({
          mailbox: e.mailbox,
          sessionId: session,
          time: e.time,
          summary: `${e.kind === 'auth.logon_failed' ? 'Failed logon' : 'Logon'} with ${how} from ${e.ip ?? 'an unknown IP'}`,
          evidence: [e.id],
        });
      },
      finish: () => out,
    };
  },
});
