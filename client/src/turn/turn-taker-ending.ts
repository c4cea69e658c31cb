import { PAUSE_REPORT_MS, PROSODY_WINDOW_MS, prosodyAtPause } from '@parley/shared';
import { VAD_FRAME_MS } from '../audio/vad.ts';
import type { SpeechEndRefiner } from './speech-end.ts';
import type { TurnTakerDeps } from './turn-taker-deps.ts';
import { TurnEnding } from './turn-ending.ts';

/** How far before the VAD's silence the last loud sample of a pause is looked for (samples). */
const PAUSE_LOOKBACK_SAMPLES = 4_800;

/** Position in the 16 kHz capture stream, in ms. */
const streamMs = (sample: number) => sample / 16;
/** A frame of audio after a pause's last speech, for the pitch tracker's last window (samples). */
const VOICE_SLACK_SAMPLES = 320;

/**
 * The turn-taker's end of turn, set as its deps say: a silence of {@link PAUSE_REPORT_MS} inside
 * an utterance lets the relay start answering (three VAD frames, or as long in captured blocks
 * quieter than `speechEnd` finds speech: the VAD's frames lag them), and a pause's last speech is
 * the last loud sample `speechEnd` finds before the VAD's silence, and the voice before it is
 * the audio `speechEnd` keeps (prosody.ts).
 */
export function endingFor(d: TurnTakerDeps, speechEnd: SpeechEndRefiner): TurnEnding {
  return new TurnEnding({
    eagerness: d.eagerness,
    ...(d.language === undefined ? {} : { language: d.language }),
    rule: d.endOfTurnRule,
    pauseMs: PAUSE_REPORT_MS,
    frameMs: VAD_FRAME_MS,
    positiveThreshold: d.vadThresholds.positive,
    negativeThreshold: d.vadThresholds.negative,
    lastSpeechMs: (silentFromMs, nowMs) =>
      streamMs(
        speechEnd.refine(
          silentFromMs * 16,
          PAUSE_LOOKBACK_SAMPLES,
          Math.max(0, (nowMs - silentFromMs) * 16),
        ),
      ),
    silentBelowDb: () => speechEnd.quietDb,
    voiceBefore: (lastSpeechMs) => {
      const audio = speechEnd.before(
        lastSpeechMs * 16 + VOICE_SLACK_SAMPLES,
        PROSODY_WINDOW_MS * 16 + VOICE_SLACK_SAMPLES,
      );
      return audio === null ? null : prosodyAtPause(audio);
    },
  });
}
