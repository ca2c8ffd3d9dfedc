/**
 * ActivityIdType → event kind. Every type named by a 2018 source (activities-api.md §4.1) is
 * listed; anything else maps to `other` and keeps its name verbatim in `operation`.
 *
 * @module
 */
import type { EventKind } from '../../model/kinds.js';

export const ACTIVITY_KINDS: Readonly<Record<string, EventKind>> = {
  ServerLogon: 'auth.logon',
  Logon: 'auth.logon',
  MessageDelivered: 'mail.delivery',
  ReadingPaneDisplayStart: 'mail.read',
  MarkAsRead: 'mail.read',
  ReadingPaneDisplayEnd: 'mail.read_end',
  MarkAsUnread: 'mail.mark_unread',
  MessageSent: 'mail.send',
  RemoteSend: 'mail.send',
  Reply: 'mail.reply',
  ReplyAll: 'mail.reply',
  Forward: 'mail.forward',
  NewMessage: 'mail.draft',
  DraftCreated: 'mail.draft',
  Move: 'mail.move',
  MoveFromInbox: 'mail.move',
  MoveToInbox: 'mail.move',
  MoveFromClutter: 'mail.move',
  MoveToClutter: 'mail.move',
  CopyItem: 'mail.copy',
  Delete: 'mail.delete',
  DeleteFromInbox: 'mail.delete',
  DeleteFromClutter: 'mail.delete',
  Flag: 'mail.update',
  FlagCleared: 'mail.update',
  FlagComplete: 'mail.update',
  Categorize: 'mail.update',
  MarkMessageAsClutter: 'mail.update',
  MarkMessageAsNotClutter: 'mail.update',
  SetConversationAlwaysClutterState: 'mail.update',
  OpenedAnAttachment: 'attachment.open',
  PreviewOfAttachmentStarted: 'attachment.open',
  LinkClicked: 'link.click',
  SearchSuggestionsDisplay: 'search.keystroke',
  SearchResult: 'search.query',
  SearchQueryExecute: 'search.activity',
  SearchSessionStart: 'search.activity',
  SearchRefinersDisplay: 'search.activity',
  SearchRequestEnd: 'search.activity',
  CreateFolder: 'folder.change',
  DeleteFolder: 'folder.change',
  FavoriteFolder: 'folder.change',
  AcceptCalendarEvent: 'calendar.change',
  AcceptedMeetingRequest: 'calendar.change',
  CancelMeeting: 'calendar.change',
  CreateAppointment: 'calendar.change',
  CreateCalendarEvent: 'calendar.change',
  CreateTask: 'calendar.change',
  DeclineCalendarEvent: 'calendar.change',
  DeclinedMeetingRequest: 'calendar.change',
  DeleteCalendarEvent: 'calendar.change',
  SendMeetingRequest: 'calendar.change',
  TentativeMeetingRequest: 'calendar.change',
  TentativelyAcceptCalendarEvent: 'calendar.change',
  UpdateCalendarEvent: 'calendar.change',
  ContactCreated: 'contact.change',
  ClutterNotificationSent: 'other',
  GetUserUnifiedGroups: 'other',
  Error: 'other',
};

export function kindOfActivity(activityIdType: string): EventKind {
  // Own properties only: a type named `constructor` or `__proto__` is data, not a table lookup.
  return Object.hasOwn(ACTIVITY_KINDS, activityIdType) ? ACTIVITY_KINDS[activityIdType]! : 'other';
}

/**
 * How a `ServerLogon` `Result` value reads. The value set was never published; `Success` is the
 * one value attested, and anything naming a failure is taken as one. Other values leave the
 * outcome unknown rather than guessing.
 */
export function logonResult(result: unknown): 'success' | 'failure' | null {
  if (typeof result !== 'string' || result === '') return null;
  if (/^success(ful)?$/i.test(result)) return 'success';
  if (/fail|error|denied|invalid|blocked/i.test(result)) return 'failure';
  return null;
}
