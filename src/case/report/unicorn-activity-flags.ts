/**
 * What the `unicorn` fast path does with a record of each ActivityIdType, as bit flags computed
 * once a type (see unicorn-general.ts and emitUnicornRows), and the activity types whose
 * CustomProperties each pass of the reports reads.
 *
 * @module
 */
import { UNICORN_OPERATIONS } from '../../analyses/unicorn/unicorn-tables.js';
import { kindOfActivity } from '../../sources/activities-api/operations.js';

/** Activity types whose CustomProperties the index reads (unicorn.ts's pass 1 set). */
export const PASS1_TYPES: ReadonlySet<string> = new Set([
  'MessageDelivered',
  'ServerLogon',
  'Logon',
  'MarkAsRead',
  'Reply',
  'ReplyAll',
  'Forward',
  'MessageSent',
  'RemoteSend',
  'Move',
  'MoveFromInbox',
  'MoveToInbox',
  'MoveFromClutter',
  'MoveToClutter',
  'Delete',
  'DeleteFromInbox',
  'DeleteFromClutter',
]);
/** Activity types whose CustomProperties the rows read (unicorn.ts's pass 2 set). */
export const PASS2_TYPES: ReadonlySet<string> = new Set([
  'ServerLogon',
  'Logon',
  'SearchResult',
  'SearchSuggestionsDisplay',
  'OpenedAnAttachment',
]);

// Per-ActivityIdType flags.
export const F_PROPS = 1;
export const F_OPENS = 2;
export const F_SERVER_LOGON = 4;
export const F_OWA_LOGON = 8;
export const F_DELIVERY = 16;
export const F_MOVE = 32;
export const F_DELETE = 64;
export const F_HINT = 128;
export const F_READ = 256;
export const F_SEARCH = 512;
export const F_ATTACHMENT = 1024;

/** Flags of an ActivityIdType (see PASS1_TYPES/PASS2_TYPES and emitUnicornRows). */
export function typeFlags(type: string): number {
  let f = 0;
  if (PASS1_TYPES.has(type) || PASS2_TYPES.has(type)) f |= F_PROPS;
  if (UNICORN_OPERATIONS.has(type)) f |= F_OPENS;
  if (type === 'ServerLogon') f |= F_SERVER_LOGON;
  if (type === 'Logon') f |= F_OWA_LOGON;
  const kind = kindOfActivity(type);
  if (PASS1_TYPES.has(type)) {
    if (kind === 'mail.delivery') f |= F_DELIVERY;
    else {
      f |= F_HINT;
      if (kind === 'mail.move') f |= F_MOVE;
      if (kind === 'mail.delete') f |= F_DELETE;
    }
  }
  if (type === 'ReadingPaneDisplayStart' || type === 'ReadingPaneDisplayEnd') f |= F_READ;
  if (type === 'SearchResult' || type === 'SearchSuggestionsDisplay') f |= F_SEARCH;
  if (type === 'OpenedAnAttachment') f |= F_ATTACHMENT;
  return f;
}
