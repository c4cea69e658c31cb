import type { TranscriptPartialMessage } from '@parley/shared';
import type { Logger } from '../../log/logger.ts';
import type { Utterance } from './utterance.ts';

/**
 * The reading of a sound over the reply once it is quiet (issue 61): the client asks for it with
 * an `utterance.pause` when the listener heard a level hum as words that would take the turn
 * by their number alone (a "hmm" heard as "edge around i"; see BargeInDecision.awaitsReading in
 * shared). No answer is started on it (a sound over the reply is no question yet): the
 * recogniser's snapshot reads what was heard so far — with Moonshine writing, Moonshine's words
 * of it, else the listener's closed reading — and the words go to the client as the pause's
 * `closed` reading, where the barge-in policy judges them as the sound's words. A failed read
 * sends nothing: the client's wait for it runs out, and the words heard decide.
 */
export function readSoundOverReply(
  u: Utterance,
  lastSeq: number,
  send: (words: Omit<TranscriptPartialMessage, 'type'>) => void,
  stillCurrent: () => boolean,
  log: Logger,
): void {
  const snapshot = u.asr.snapshot?.bind(u.asr);
  if (snapshot === undefined) return;
  const askedAt = performance.now();
  void snapshot().then(
    ({ text }) => {
      const words = text.trim();
      log.debug(
        { ms: Math.round(performance.now() - askedAt), heard: words !== '' },
        'reading of a sound over the reply',
      );
      if (words !== '' && stillCurrent())
        send({ turnId: u.turnId, text: words, pauseSeq: lastSeq, reading: 'closed' });
    },
    () => undefined,
  );
}
