import type { ServerMessage } from '@parley/shared';
import type { RelayError } from '../../errors.ts';
import { sendMessage, type ClientChannel, type Urgency } from './client-channel.ts';

/** What a session needs from the connection it is attached to. */
export interface SessionLink extends ClientChannel {
  /** Tells the client why and closes the connection (e.g. the budget ran out). */
  fail(err: RelayError): void;
  /** A newer connection resumed the session: close this one quietly. */
  replaced(): void;
}

/**
 * The connection a session is attached to: at most one (a newer one replaces it), none while
 * the session waits for a resume, and none to send to once the session is closed.
 */
export class AttachedLink {
  private link: SessionLink | null;
  private ended = false;

  constructor(link: SessionLink) {
    this.link = link;
  }

  /** The connection attached, closed session or not. */
  get current(): SessionLink | null {
    return this.link;
  }

  /** Whether the session is closed: nothing is sent any more. */
  get closed(): boolean {
    return this.ended;
  }

  /** Where output goes now: null once closed or while no connection is attached. */
  channel(): SessionLink | null {
    return this.ended ? null : this.link;
  }

  /** Sends a message that only matters now (not kept for resumes). */
  send(message: ServerMessage, urgency: Urgency = 'now'): void {
    const link = this.channel();
    if (link) sendMessage(link, message, urgency);
  }

  /** Ends the attached connection with `err` (the budget stopped a turn), unless closed. */
  fail(err: RelayError): void {
    this.channel()?.fail(err);
  }

  /** Attaches `link`; the connection attached before (if another) is told it was replaced. */
  attach(link: SessionLink): void {
    const previous = this.link;
    this.link = link;
    if (previous && previous !== link) previous.replaced();
  }

  /** `link` went away: true if it was the one attached (only that one detaches). */
  detach(link: SessionLink): boolean {
    if (this.link !== link) return false;
    this.link = null;
    return true;
  }

  /** Another relay serves the session now: the connection attached here (if any) is told. */
  moveAway(): void {
    const link = this.link;
    this.link = null;
    link?.replaced();
  }

  /** The session closed: nothing is sent from now on. */
  close(): void {
    this.ended = true;
  }
}
