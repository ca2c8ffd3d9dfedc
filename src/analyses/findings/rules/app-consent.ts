import { defineRule, type FindingDraft } from '../types.js';
import { consentSummary, mailScopes } from './_consent.js';

export default defineRule({
  id: 'app-consent',
  title: 'Consent granted to an application',
  level: 'medium',
  status: 'experimental',
  description:
    'Someone consented to an application (Consent to application.) without mail permissions. Consent phishing gives an intruder lasting access that survives a password reset, so every consent during an incident deserves a look; consents that include mail permissions are reported by app-consent-mail-access instead.',
  evaluate(ctx) {
    const out: FindingDraft[] = [];
    return {
      add(e) {
        if (e.kind !== 'app.consent') return;
        const scopes = mailScopes(e);
        if (scopes.length > 0) return;
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
