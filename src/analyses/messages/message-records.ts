/**
 * The compact records the message index keeps: a delivery, what another record said of an item,
 * and a move. Classes, so V8 gives every record of a kind the same small shape.
 *
 * @module
 */
import type { EventId } from '../../model/ids.js';
import { parseInstant, parseUsDateTime, type Instant } from '../../model/time.js';

/** Reads a received time as recorded (`6/11/2018 3:02:11 PM`, or ISO) into an instant. */
export function readReceived(text: string | null): Instant | null {
  if (text === null) return null;
  return parseUsDateTime(text) ?? parseInstant(text);
}

/** A delivery, compactly (a class so V8 gives every record the same small shape). */
export class Delivered {
  /** The received time read once (undefined: not yet read), shared by every row citing it. */
  private receivedInstant: Instant | null | undefined = undefined;

  constructor(
    readonly itemId: string | null,
    readonly imid: string | null,
    readonly subject: string | null,
    readonly sender: string | null,
    readonly receivedText: string | null,
    readonly folder: string | null,
    readonly eventId: EventId,
  ) {}

  received(): Instant | null {
    if (this.receivedInstant === undefined) this.receivedInstant = readReceived(this.receivedText);
    return this.receivedInstant;
  }
}

/** What a non-delivery record said of an item (MarkAsRead, ReplyAll, MessageSent, ...). */
export class Hint {
  constructor(
    readonly imid: string | null,
    readonly sender: string | null,
    readonly receivedText: string | null,
    readonly folder: string | null,
    readonly subject: string | null,
  ) {}
}

export class MoveNote {
  constructor(
    readonly time: Instant,
    readonly from: string | null,
    readonly to: string | null,
  ) {}
}

export interface PairGroup {
  moves: string[];
  deletes: string[];
}
