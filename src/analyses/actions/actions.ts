/**
 * Attachments opened, links clicked, and mailbox actions — forward, reply, reply all, send,
 * move, delete, mark unread, draft, rule and mailbox changes — each with its message resolved
 * and its session attributed, like reads.
 *
 * @module
 */
import type { EventId } from '../../model/ids.js';
import type { EventKind } from '../../model/kinds.js';
import type { Instant } from '../../model/time.js';
import type { MessageIndex } from '../messages/message-index.js';
import { messageColumns, sessionColumns, type MessageColumns, type SessionColumns } from '../reads/reads.js';
import type { SessionIndex } from '../sessions/sessions.js';
import type { AnalysisEvent } from '../types.js';

export interface AttachmentRow extends MessageColumns, SessionColumns {
  readonly time: Instant;
  readonly activity: string;
  /** `AttachmentAction` as recorded (`Download`, `Preview`, `Open`, ...). */
  readonly action: string | null;
  readonly evidence: readonly EventId[];
}

export interface ActionRow extends MessageColumns, SessionColumns {
  readonly time: Instant;
  readonly kind: EventKind;
  readonly activity: string;
  /** What the record says about the action (folders, delete type, rule text), verbatim. */
  readonly details: Readonly<Record<string, string>>;
  readonly evidence: readonly EventId[];
}

/** Event kinds reported as mailbox actions. */
export const ACTION_KINDS: ReadonlySet<EventKind> = new Set<EventKind>([
  'mail.forward',
  'mail.reply',
  'mail.send',
  'mail.move',
  'mail.copy',
  'mail.delete',
  'mail.mark_unread',
  'mail.draft',
  'link.click',
  'rule.change',
  'mailbox.config',
  'mailbox.permission',
  'app.consent',
]);

/** Properties copied into `details` when present (everything else stays in the event). */
const DETAIL_KEYS = [
  'SourceFolder',
  'TargetFolder',
  'DestinationFolder',
  'MoveType',
  'DeleteType',
  'SourceDefaultFolderType',
  'SelectedFolderName',
  'DeletedByMultiSelect',
  'ItemSchemaType',
] as const;

export interface ActionCollector {
  add(e: AnalysisEvent): void;
  result(): { attachments: AttachmentRow[]; actions: ActionRow[] };
}

export function createActionCollector(messages: MessageIndex, sessions: SessionIndex): ActionCollector {
  const attachments: AttachmentRow[] = [];
  const actions: ActionRow[] = [];
  return {
    add(e) {
      if (e.kind === 'attachment.open') {
        const { evidence, ...m } = messageColumns(e, messages);
        const action = e.properties.AttachmentAction;
        attachments.push({
          time: e.time,
          activity: e.operation,
          ...sessionColumns(e, sessions),
          ...m,
          action: typeof action === 'string' ? action : action == null ? null : JSON.stringify(action),
          evidence: [e.id, ...evidence],
        });
        return;
      }
      if (!ACTION_KINDS.has(e.kind)) return;
      const { evidence, ...m } = messageColumns(e, messages);
      const details: Record<string, string> = {};
      for (const k of DETAIL_KEYS) {
        const v = e.properties[k];
        if (v !== undefined && v !== null && v !== '')
          details[k] = typeof v === 'string' ? v : JSON.stringify(v);
      }
      if (e.text !== null) details.text = e.text;
      actions.push({
        time: e.time,
        kind: e.kind,
        activity: e.operation,
        ...sessionColumns(e, sessions),
        ...m,
        details,
        evidence: [e.id, ...evidence],
      });
    },
    result: () => ({ attachments, actions }),
  };
}
