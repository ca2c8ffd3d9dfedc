import { defineRule, type FindingDraft } from '../types.js';
import { consentSummary, mailScopes } from './_consent.js';

export default defineRule({
  id: 'app-consent-mail-access',
  title: 'Consent granted to an application with mail permissions',
  level: 'high',
  status: 'stable',
  description:
    'Someone consented to an application whose permissions include Mail.* (read, send), offline_access (refresh tokens that outlive a password reset) or full_access_as_app. Such an application can read and send the mailbox on its own, which is how consent phishing turns into lasting mailbox access.',
  evaluate(ctx) {
    const out: FindingDraft[] = [];
    return {
      add(e) {
        if (e.kind !== 'app.consent') return;
        const scopes = mailScopes(e);
        if (scopes.length === 0) return;
        out.push({
          mailbox: e.mailbox,
          sessionId: ctx.sessions.keyOf(e),
          time: e.time,
          summary: consentSummary(e, scopes),
          evidence: [e.id],
        });
      },
      finish: () => out,
    };
  },
});
