/**
 * Names, addresses, subjects, user agents and IPs of the fictional tenant contoso.example. Owner
 * and office IPs come from the documentation ranges (RFC 5737); the attacker's come from real,
 * public-looking ranges (a Tor exit block, a Nigerian mobile carrier block) so that GeoIP
 * enrichment has something to find later. Subjects deliberately include the messy values of
 * activities-api.md §8.10: quotes, commas, semicolons, tabs, newlines, non-ASCII and emoji.
 *
 * @module
 */

export const DOMAIN = 'contoso.example';
export const VICTIM = `ap.clerk@${DOMAIN}`;
export const COLLEAGUE = `finance.lead@${DOMAIN}`;

/** Owner network: office NAT, home, mobile carrier (all documentation ranges). */
export const OFFICE_IP = '203.0.113.10';
export const COLLEAGUE_OFFICE_IP = '203.0.113.11';
export const HOME_IP = '198.51.100.23';
export const MOBILE_IPS = ['192.0.2.41', '192.0.2.57', '192.0.2.88'] as const;

/** Attacker network (public, non-documentation ranges on purpose). */
export const ATTACKER_WEB_IP = '185.220.101.34';
export const ATTACKER_LEGACY_IP = '105.112.55.17';

export const OUTLOOK_UA = 'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.9330; Pro)';
export const MOBILE_UA = 'Outlook-iOS/2.0';
export const OWNER_BROWSER_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/67.0.3396.87 Safari/537.36';
export const ATTACKER_BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:60.0) Gecko/20100101 Firefox/60.0';
export const OWNER_TIMEZONE = 'Eastern Standard Time';
export const ATTACKER_TIMEZONE = 'W. Central Africa Standard Time';

export const SENDERS = [
  'billing@northwind-supplies.example',
  'orders@fabrikam.example',
  'noreply@adventure-works.example',
  'newsletter@wideworldimporters.example',
  `cfo@${DOMAIN}`,
  `it.helpdesk@${DOMAIN}`,
  `purchasing@${DOMAIN}`,
  `m.müller@${DOMAIN}`,
  'accounts@tailspintoys.example',
  'invoices@litware.example',
] as const;

export const COWORKERS = [
  `cfo@${DOMAIN}`,
  `purchasing@${DOMAIN}`,
  COLLEAGUE,
  `controller@${DOMAIN}`,
] as const;

export const SUBJECTS = [
  'Invoice {n} - payment due',
  'PO {n} confirmation',
  'Re: Q2 budget review',
  'Weekly AP aging report',
  "Don't forget: expense reports due Friday",
  'Re: "Urgent" vendor statement, March; please review',
  'Remittance advice {n}\tNorthwind Supplies',
  'Lunch on Thursday?\nRe: team offsite',
  'Überweisung – Zahlungsbestätigung {n}',
  '📎 Scanned document {n}',
  '請求書 {n} のご確認',
  'FW: Credit memo {n}; adjusted, final',
  'Your Adventure Works order has shipped',
  'Newsletter: 5 tips for faster month-end close',
  'Re: Vendor onboarding – tax form W-9',
  'Café order for the all-hands ☕',
] as const;

export const SEARCHES = [
  'purchase order',
  'expense report',
  'northwind',
  'q2 budget',
  'remittance',
  'w-9',
] as const;

/** Base64 ids of the owner's custom folders (TargetFolder of moves that are not deletions). */
export const ARCHIVE_FOLDERS = ['AAMkADVendorsAAA=', 'AAMkADArchive2018AAA=', 'AAMkADProjectsAAA='] as const;
