import type { TranscriptPartialMessage } from '@parley/shared';
import type { TurnObserver } from '../observability/turn-observer.ts';
import { sendMessage, type ClientChannel } from './wire/client-channel.ts';
import type { SessionCodecs } from './wire/codec-choice.ts';
import type { ClientProgress } from './wire/client-progress.ts';
import {
  hashSecret,
  secretMatches,
  type JournalStore,
  type ResumeState,
} from './wire/resume-state.ts';
import type { TurnOutputs } from './turns/turn-output.ts';
import type { TurnRecorder } from './turns/turn-recorder.ts';

export interface SessionResumeDeps {
  sessionId: string;
  /** The resume secret the client holds (this relay keeps it; storage only its hash). */
  secret: string;
  /** When the session started (epoch ms), kept across restarts. */
  createdAt: number;
  outputRateHz: number;
  timeZone: string | undefined;
  codecs: SessionCodecs;
  progress: Pick<ClientProgress, 'ackedSeq'>;
  out: TurnOutputs;
  recorder: Pick<TurnRecorder, 'checkpoint' | 'lastRecordedTurnId'>;
  /** Keeps the turn output of a session saved for a resume elsewhere. */
  journals: JournalStore;
  /**
   * The words last told of the utterance still being spoken (see LatestWords); null: none is,
   * or nothing was told of it yet.
   */
  openWords(): TranscriptPartialMessage | null;
  /** Tells the observer; never throws. */
  notify(tell: (observer: TurnObserver) => void): void;
}

/**
 * What lets a session be taken back: by its client (the secret; the turn output it missed,
 * sent again on the new connection) and by another relay (the resume state, checkpointed in
 * storage, and the output the client has not confirmed, saved when the session moves away).
 */
export class SessionResume {
  constructor(private readonly d: SessionResumeDeps) {}

  get secret(): string {
    return this.d.secret;
  }

  get createdAt(): number {
    return this.d.createdAt;
  }

  /** Whether `secret` is this session's resume secret (constant time). */
  checkSecret(secret: string): boolean {
    return secretMatches(secret, hashSecret(this.d.secret));
  }

  /** What a restarted relay needs to resume the session, once turn `lastTurnId` is stored. */
  state(lastTurnId: number, ackedSeq = this.d.progress.ackedSeq): ResumeState {
    return {
      v: 1,
      outputRateHz: this.d.outputRateHz,
      timeZone: this.d.timeZone ?? null,
      createdAt: this.d.createdAt,
      lastTurnId,
      ackedSeq,
      outSeq: this.d.out.seq,
      codecs: this.d.codecs,
    };
  }

  /** Saves what a restarted relay needs to resume the session. */
  checkpoint(): Promise<void> {
    return this.d.recorder.checkpoint(this.state(this.d.recorder.lastRecordedTurnId));
  }

  /**
   * A connection attached whose client has the turn output up to `lastSeq`: everything after
   * it is sent again, and what it has is no longer kept. The words of the utterance still being
   * spoken are told again: they are no turn output, and those sent while the client was away
   * never reached it.
   */
  catchUp(to: ClientChannel, lastSeq: number): void {
    const { out } = this.d;
    // A restarted relay continues numbering above what the client has seen.
    out.seq = Math.max(out.seq, lastSeq + 1);
    const replayed = out.replay(lastSeq, to);
    this.d.notify((o) => o.outputReplayed(replayed));
    // What the client resumed from, it has: no later resume will ask for it.
    out.confirm(lastSeq);
    const words = this.d.openWords();
    if (words) sendMessage(to, words);
  }

  /** The session closes to be served elsewhere: its state and unconfirmed output are saved. */
  async saveForElsewhere(): Promise<void> {
    await this.checkpoint();
    await this.d.journals.save(this.d.sessionId, this.d.out.journalEntries());
  }
}
