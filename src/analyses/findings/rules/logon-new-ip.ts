import { defineRule } from '../types.js';
import { unfamiliarLogon } from './_unfamiliar-logon.js';

export default defineRule({
  id: 'logon-new-ip',
  title: 'Logon from an IP address not seen in the baseline',
  level: 'low',
  status: 'stable',
  description:
    "A successful logon came from an IP address that none of the mailbox's logons in its baseline period used. Common for travel and changing home addresses, so low on its own; it gives context to the other findings.",
  evaluate: (ctx) => unfamiliarLogon('ip', ctx),
});
