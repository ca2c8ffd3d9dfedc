/**
 * The detection rules, one file each, listed explicitly (a test checks every file is listed).
 *
 * @module
 */
import type { Rule } from '../types.js';
import appConsent from './app-consent.js';
import appConsentMailAccess from './app-consent-mail-access.js';
import bulkDelete from './bulk-delete.js';
import deletedSentItems from './deleted-sent-items.js';
import externalForwarding from './external-forwarding.js';
import impossibleTravel from './impossible-travel.js';
import inboxRuleSuspicious from './inbox-rule-suspicious.js';
import legacyProtocolLogon from './legacy-protocol-logon.js';
import logonNewAsn from './logon-new-asn.js';
import logonNewCountry from './logon-new-country.js';
import logonNewIp from './logon-new-ip.js';
import mailItemsAccessedThrottled from './mail-items-accessed-throttled.js';
import readAfterSensitiveSearch from './read-after-sensitive-search.js';
import readBurst from './read-burst.js';
import sensitiveSearch from './sensitive-search.js';
import sessionIpChange from './session-ip-change.js';

export const RULES: readonly Rule[] = [
  logonNewCountry,
  logonNewAsn,
  logonNewIp,
  legacyProtocolLogon,
  sensitiveSearch,
  readAfterSensitiveSearch,
  deletedSentItems,
  readBurst,
  inboxRuleSuspicious,
  externalForwarding,
  appConsent,
  appConsentMailAccess,
  sessionIpChange,
  impossibleTravel,
  bulkDelete,
  mailItemsAccessedThrottled,
];
