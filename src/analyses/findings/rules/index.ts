/**
 * The detection rules, one file each, listed explicitly (a test checks every file is listed).
 *
 * @module
 */
import type { Rule } from '../types.js';
import deletedSentItems from './deleted-sent-items.js';
import legacyProtocolLogon from './legacy-protocol-logon.js';
import logonNewAsn from './logon-new-asn.js';
import logonNewCountry from './logon-new-country.js';
import logonNewIp from './logon-new-ip.js';
import readAfterSensitiveSearch from './read-after-sensitive-search.js';
import readBurst from './read-burst.js';
import sensitiveSearch from './sensitive-search.js';

export const RULES: readonly Rule[] = [
  logonNewCountry,
  logonNewAsn,
  logonNewIp,
  legacyProtocolLogon,
  sensitiveSearch,
  readAfterSensitiveSearch,
  deletedSentItems,
  readBurst,
];
