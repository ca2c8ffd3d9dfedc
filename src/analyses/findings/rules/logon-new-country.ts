import { defineRule } from '../types.js';
import { unfamiliarLogon } from './_unfamiliar-logon.js';

export default defineRule({
  id: 'logon-new-country',
  title: 'Logon from a country not seen in the baseline',
  level: 'high',
  status: 'stable',
  description:
    "A successful logon came from a country (offline GeoIP) that none of the mailbox's logons in its baseline period came from. Intruders in business email compromise usually log on from abroad or through anonymising networks.",
  evaluate: (ctx) => unfamiliarLogon('country', ctx),
});
