/**
 * User-agent classification: our own rule table for Microsoft mail clients, legacy and scripted
 * clients (which general parsers miss or get wrong, libraries.md §4), in front of ua-parser-js
 * 1.x (MIT) for browsers, operating systems and devices. Pure and memoized per distinct string.
 *
 * @module
 */
import UAParser from 'ua-parser-js';

/** What sort of client a user agent names. */
export type ClientCategory =
  /** A web browser (Outlook on the web). */
  | 'browser'
  /** A Microsoft or native mail client (Outlook desktop/mobile/Mac, iOS Mail over ActiveSync). */
  | 'mail-client'
  /** Legacy authentication or protocol: ROPC (`BAV2ROPC`), IMAP/POP client strings. */
  | 'legacy'
  /** API clients and SDKs: EWS managed API, MSAL/PKeyAuth. */
  | 'api-client'
  /** Scripting and HTTP libraries: python-requests, PowerShell, curl, Go, axios, okhttp. */
  | 'script'
  | 'unknown';

export interface ClientInfo {
  /** Client name: `Outlook for Windows`, `Chrome`, `python-requests`, ... or null. */
  readonly client: string | null;
  readonly clientVersion: string | null;
  readonly os: string | null;
  readonly osVersion: string | null;
  /** `mobile`, `tablet`, ... as ua-parser-js reports; null for desktops and unknowns. */
  readonly device: string | null;
  readonly category: ClientCategory;
  /** Which rule matched: an id from {@link CLIENT_RULES}, `ua-parser-js`, or null. */
  readonly rule: string | null;
}

export interface ClientRule {
  readonly id: string;
  readonly pattern: RegExp;
  readonly client: string;
  readonly category: ClientCategory;
  /** Capture group holding the version, if any. */
  readonly versionGroup?: number;
  /** Operating system the client implies, when ua-parser-js cannot tell. */
  readonly os?: string;
}

/**
 * Checked in order; the first match names the client. ua-parser-js still supplies the OS and
 * device where it can.
 */
export const CLIENT_RULES: readonly ClientRule[] = [
  {
    id: 'bav2ropc',
    pattern: /^BAV2ROPC\b/i,
    client: 'BAV2ROPC (legacy ROPC authentication)',
    category: 'legacy',
  },
  { id: 'imap-pop', pattern: /^Client=(IMAP4|POP3)\b/i, client: 'IMAP/POP client', category: 'legacy' },
  {
    id: 'one-outlook',
    pattern: /\bOneOutlook\/([\w.]+)/,
    client: 'new Outlook for Windows',
    category: 'mail-client',
    versionGroup: 1,
  },
  {
    id: 'outlook-ios',
    pattern: /^Outlook-iOS\/([\w.]+)(?:.*?\(([\d.]+)\))?/,
    client: 'Outlook for iOS',
    category: 'mail-client',
    versionGroup: 1,
    os: 'iOS',
  },
  {
    id: 'outlook-android',
    pattern: /^Outlook-Android\/([\w.]+)/,
    client: 'Outlook for Android',
    category: 'mail-client',
    versionGroup: 1,
    os: 'Android',
  },
  {
    id: 'mac-outlook',
    pattern: /^Microsoft-MacOutlook\/([\w.]+)/,
    client: 'Outlook for Mac',
    category: 'mail-client',
    versionGroup: 1,
    os: 'Mac OS',
  },
  {
    id: 'outlook-desktop',
    pattern: /\bMicrosoft Outlook ([\d.]+)/,
    client: 'Outlook for Windows',
    category: 'mail-client',
    versionGroup: 1,
  },
  {
    id: 'office-desktop',
    pattern: /^Microsoft Office\/([\d.]+)/,
    client: 'Microsoft Office',
    category: 'mail-client',
    versionGroup: 1,
  },
  {
    id: 'ios-activesync',
    pattern: /^(?:Apple-(?:iPhone|iPad)[\w]*\/([\w.]+)|iOS\/[\d.]+ \(\w+\) dataaccessd)/,
    client: 'iOS Mail (ActiveSync)',
    category: 'mail-client',
    versionGroup: 1,
    os: 'iOS',
  },
  {
    id: 'ews',
    pattern: /\bExchangeServicesClient\/([\d.]+)/,
    client: 'EWS Managed API',
    category: 'api-client',
    versionGroup: 1,
  },
  {
    id: 'msal-pkeyauth',
    pattern: /\bMSAL ([\d.]+)\)?.*PKeyAuth|\bPKeyAuth\/([\d.]+)/,
    client: 'MSAL / PKeyAuth',
    category: 'api-client',
    versionGroup: 1,
  },
  {
    id: 'python-requests',
    pattern: /\bpython-requests\/([\d.]+)/i,
    client: 'python-requests',
    category: 'script',
    versionGroup: 1,
  },
  {
    id: 'python-urllib',
    pattern: /\bPython-urllib\/([\d.]+)/i,
    client: 'Python urllib',
    category: 'script',
    versionGroup: 1,
  },
  {
    id: 'powershell',
    pattern: /\bPowerShell\/([\d.]+)/i,
    client: 'PowerShell',
    category: 'script',
    versionGroup: 1,
  },
  { id: 'curl', pattern: /^curl\/([\d.]+)/i, client: 'curl', category: 'script', versionGroup: 1 },
  {
    id: 'go-http',
    pattern: /^Go-http-client\/([\d.]+)/,
    client: 'Go-http-client',
    category: 'script',
    versionGroup: 1,
  },
  { id: 'axios', pattern: /^axios\/([\d.]+)/i, client: 'axios', category: 'script', versionGroup: 1 },
  { id: 'okhttp', pattern: /^okhttp\/([\d.]+)/i, client: 'okhttp', category: 'script', versionGroup: 1 },
];

const cache = new Map<string, ClientInfo>();
const CACHE_MAX = 10_000;

/** Classifies a user agent (memoized; distinct UAs are few). */
export function classifyUserAgent(ua: string | null): ClientInfo {
  if (ua === null || ua.trim() === '') return UNKNOWN;
  const hit = cache.get(ua);
  if (hit) return hit;
  const info = classify(ua);
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(ua, info);
  return info;
}

// --- Internal helpers ---

const UNKNOWN: ClientInfo = {
  client: null,
  clientVersion: null,
  os: null,
  osVersion: null,
  device: null,
  category: 'unknown',
  rule: null,
};

function classify(ua: string): ClientInfo {
  const parsed = new UAParser(ua).getResult();
  const os = parsed.os.name ?? null;
  const osVersion = parsed.os.version ?? null;
  const device = parsed.device.type ?? null;
  for (const rule of CLIENT_RULES) {
    const m = rule.pattern.exec(ua);
    if (!m) continue;
    const version = rule.versionGroup ? (m[rule.versionGroup] ?? m[rule.versionGroup + 1] ?? null) : null;
    // ua-parser-js mistakes Outlook mobile versions for OS versions: trust the rule's OS.
    const ruleOs = rule.os ?? null;
    return {
      client: rule.client,
      clientVersion: version,
      os: ruleOs ?? os,
      osVersion: ruleOs && ruleOs !== os ? null : osVersion,
      device,
      category: rule.category,
      rule: rule.id,
    };
  }
  const browser = parsed.browser.name ?? null;
  // Mozilla/5.0 with nothing recognisable is not a browser name.
  const client = browser && browser !== 'Mozilla' ? browser : null;
  return {
    client,
    clientVersion: client ? (parsed.browser.version ?? null) : null,
    os,
    osVersion,
    device,
    category: client ? 'browser' : 'unknown',
    rule: client || os ? 'ua-parser-js' : null,
  };
}
