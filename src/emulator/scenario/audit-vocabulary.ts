/**
 * The tenant of the BEC scenario as today's audit sources see it: tenant and object ids, the
 * first-party application ids clients sign in with, Exchange folder paths, and where each IP of
 * the scenario geolocates (what an Entra sign-in's `location` would say). Fixed values, so every
 * seed shares one tenant; only the records' own ids and session ids come from the seed.
 *
 * @module
 */
import { hashString } from '../prng.js';
import {
  ARCHIVE_FOLDERS,
  ATTACKER_LEGACY_IP,
  ATTACKER_WEB_IP,
  COLLEAGUE,
  DOMAIN,
  VICTIM,
} from './vocabulary.js';

export const TENANT_ID = '4f6b1c2d-8e9a-4b7c-9d0e-1a2b3c4d5e6f';
export const ORGANIZATION_NAME = 'contoso.onmicrosoft.com';

/** Entra resource and client application ids (public first-party ids). */
export const APP = {
  exchangeOnline: '00000002-0000-0ff1-ce00-000000000000',
  office: 'd3590ed6-52b3-4102-aeff-aad2292ab01c',
  outlookMobile: '27922004-5251-4030-b22d-91ecd9a37ea4',
  owa: '00000002-0000-0ff1-ce00-000000000000',
} as const;

/** The app the intruder consents to in the audit scenario (a made-up multi-tenant app). */
export const ROGUE_APP = {
  displayName: 'Mail Backup Sync',
  appId: '7c1e5a90-3b2d-4e8f-a6c4-9d8e7f6a5b4c',
  servicePrincipalId: 'b2e4c6d8-0a1b-4c3d-8e5f-6a7b8c9d0e1f',
  scopes: ['Mail.Read', 'Mail.Send', 'MailboxSettings.ReadWrite', 'offline_access'],
} as const;

/** Per-user directory identities (fixed, derived from the address). */
export interface DirectoryUser {
  readonly upn: string;
  readonly displayName: string;
  readonly objectId: string;
  readonly puid: string;
  readonly sid: string;
  readonly mailboxGuid: string;
}

function guidFrom(label: string): string {
  const h = (n: number) => hashString(`${label}|${n}`).toString(16).padStart(8, '0');
  const s = `${h(1)}${h(2)}${h(3)}${h(4)}`;
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-8${s.slice(17, 20)}-${s.slice(20, 32)}`;
}

const directory = new Map<string, DirectoryUser>();

/** The directory identity of `upn` (memoized: every audit record names one or two users). */
export function directoryUser(upn: string): DirectoryUser {
  let user = directory.get(upn);
  if (!user) directory.set(upn, (user = makeDirectoryUser(upn)));
  return user;
}

function makeDirectoryUser(upn: string): DirectoryUser {
  const local = upn.split('@')[0] ?? upn;
  const h = hashString(upn);
  return {
    upn,
    displayName: local
      .split(/[._-]/)
      .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
      .join(' '),
    objectId: guidFrom(`object|${upn}`),
    puid: `10032000${h.toString(16).toUpperCase().padStart(8, '0')}`,
    sid: `S-1-5-21-3623811015-3361044348-30300820-${1000 + (h % 9000)}`,
    mailboxGuid: guidFrom(`mailbox|${upn}`),
  };
}

export const USERS: ReadonlyMap<string, DirectoryUser> = new Map(
  [VICTIM, COLLEAGUE].map((u) => [u, directoryUser(u)]),
);

/** Exchange folder paths of the Activities API's folder names and ids. */
export function folderPath(name: string): string {
  const known: Record<string, string> = {
    Inbox: '\\Inbox',
    DeletedItems: '\\Deleted Items',
    SentItems: '\\Sent Items',
    Drafts: '\\Drafts',
    [ARCHIVE_FOLDERS[0]]: '\\Inbox\\Vendors',
    [ARCHIVE_FOLDERS[1]]: '\\Archive 2018',
    [ARCHIVE_FOLDERS[2]]: '\\Projects',
  };
  return known[name] ?? `\\${name}`;
}

export interface GeoLocation {
  readonly city: string;
  readonly state: string;
  readonly countryOrRegion: string;
  readonly latitude: number;
  readonly longitude: number;
  readonly asn: number;
}

const OWNER_PLACE: GeoLocation = {
  city: 'New York',
  state: 'New York',
  countryOrRegion: 'US',
  latitude: 40.7128,
  longitude: -74.006,
  asn: 64500,
};

/** Where an IP of the scenario geolocates (owner ranges: the office city). */
export function locate(ip: string): GeoLocation {
  if (ip === ATTACKER_WEB_IP)
    return {
      city: 'Berlin',
      state: 'Berlin',
      countryOrRegion: 'DE',
      latitude: 52.52,
      longitude: 13.405,
      asn: 208294,
    };
  if (ip === ATTACKER_LEGACY_IP)
    return {
      city: 'Lagos',
      state: 'Lagos',
      countryOrRegion: 'NG',
      latitude: 6.4541,
      longitude: 3.3947,
      asn: 36873,
    };
  return OWNER_PLACE;
}

/** The ObjectId prefix Exchange admin cmdlet records give a mailbox's objects. */
export const EXCHANGE_ORG_PATH = `NAMPR01A001.PROD.OUTLOOK.COM/Microsoft Exchange Hosted Organizations/${ORGANIZATION_NAME}`;

export const EXTERNAL_FORWARD_MAILBOX = 'ap-archive@protonmail-box.example';
export const SCENARIO_DOMAIN = DOMAIN;
