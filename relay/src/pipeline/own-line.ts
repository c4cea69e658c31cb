import { abortable } from '../abortable.ts';
import { withReplyEncoding } from './reply-encoding.ts';
import type { TurnOptions, TurnResult } from './turn-options.ts';
import { afterSpeechFailure } from './speech-failure.ts';
import { spokenAsOf } from './spoken-as.ts';
import { TurnSpeech, type SpeakingTurn } from './turn-speech.ts';

/** What a line the relay says of its own needs: a turn's speaking part and the user's voice. */
export type OwnLineOptions = SpeakingTurn &
  Pick<TurnOptions, 'providers' | 'preferences' | 'silent'> & {
    /** What is said (and shown) as the assistant's turn. */
    line: string;
  };

/**
 * Says `line` as a turn of the assistant's own, with no words of the user's (issue 52: "Are you
 * still there?" in a silent call): its text goes out as the reply's, then its audio in the
 * user's voice and pace through the turn's one speaking path — segments, frames, Opus, billing —
 * so the page plays it as a reply and an interrupt cuts it to what was heard.
 */
export function sayOwnLine(o: OwnLineOptions): Promise<TurnResult> {
  return withReplyEncoding(o, speakOwnLine);
}

async function speakOwnLine(o: OwnLineOptions): Promise<TurnResult> {
  const { output, signal, now } = o;
  const startedAt = now();
  const result: TurnResult = {
    status: 'completed',
    transcript: '',
    reply: o.line,
    audioSamples: 0,
    timings: {},
    servedBy: {},
    marks: {},
  };
  const prefs = o.preferences
    ? await abortable(o.preferences, signal).catch(() => 'cancelled' as const)
    : null;
  if (prefs === 'cancelled') return { ...result, reply: '', status: 'cancelled' };
  output.replyDelta(o.line);
  if (o.silent) return result;
  const spokenAs = spokenAsOf(prefs);
  const speech = new TurnSpeech({ turn: o, startedAt, result, spokenAs, failed: new Set() });
  try {
    await speech.say(o.providers.tts, [o.line]);
  } catch (err) {
    return afterSpeechFailure(o, result, err);
  }
  return result;
}
