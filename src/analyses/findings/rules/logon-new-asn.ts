import { defineRule } from '../types.js';
import { unfamiliarLogon } from './_unfamiliar-logon.js';

export default defineRule({
  id: 'logon-new-asn',
  title: 'Logon from a network (ASN) not seen in the baseline',
  level: 'medium',
  status: 'stable',
  description:
    "A successful logon came from an autonomous system (network operator) that none of the mailbox's logons in its baseline period came from, such as a hosting provider or VPN instead of the usual office and mobile networks.",
  evaluate: (ctx) => unfamiliarLogon('asn', ctx),
});
