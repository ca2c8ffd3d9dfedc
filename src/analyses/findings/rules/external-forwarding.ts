import { defineRule, type FindingDraft } from '../types.js';
import { addressesIn, caseDomains, domainOf, removesRule, ruleForwards, textOf } from './_rule-fields.js';

export default defineRule({
  id: 'external-forwarding',
  title: 'Mail forwarded to an outside address',
  level: 'high',
  status: 'stable',
  description:
    "Mailbox forwarding (Set-Mailbox ForwardingSmtpAddress or ForwardingAddress) or an inbox rule forward or redirect to an address whose domain is not one of the case's mailbox domains. A ForwardingAddress that names a recipient object rather than an address is reported too, since it usually points to an outside contact.",
  evaluate(ctx) {
    const out: FindingDraft[] = [];
    const domains = caseDomains(ctx.mailboxStart.keys());
    const outside = (to: string[]) => to.filter((a) => !domains.has(domainOf(a) ?? ''));
    return {
      add(e) {
        const targets: string[] = [];
        if (e.kind === 'mailbox.config') {
          for (const k of ['ForwardingSmtpAddress', 'ForwardingAddress'] as const) {
            const v = textOf(e.properties[k]);
            if (v === '') continue;
            const addrs = addressesIn(v);
            if (addrs.length > 0) targets.push(...outside(addrs).map((a) => `${k} ${a}`));
            else targets.push(`${k} ${JSON.stringify(v)} (a recipient object: check its external address)`);
          }
        } else if (e.kind === 'rule.change' && !removesRule(e)) {
          for (const f of ruleForwards(e))
            targets.push(...outside(f.to).map((a) => `inbox rule ${f.how} ${a}`));
        } else return;
        if (targets.length === 0) return;
        out.push({
          mailbox: e.mailbox,
          sessionId: ctx.sessions.keyOf(e),
          time: e.time,
          summary: `${e.operation} by ${e.actor ?? 'an unknown account'} from ${e.ip ?? 'an unknown IP'}: ${targets.join('; ')} (case domains: ${[...domains].join(', ') || 'none'})`,
          evidence: [e.id],
        });
      },
      finish: () => out,
    };
  },
});
