import type { MicCapture } from '../audio/capture.ts';
import type { ResilientMic } from '../mic/resilient-mic.ts';
import { TurnTaker } from '../turn/turn-taker.ts';
import type { CallDeps } from './call-deps.ts';
import { quietsTools, turnEventsToSink } from './call-events.ts';
import type { CallPhase } from './call-phase.ts';
import type { OpenCall } from './open-call.ts';
import { BACKSTOP_END_OF_TURN_MS, FIXED_END_OF_TURN_MS } from './vad-loader.ts';

/**
 * How an open call takes turns: its detector set for the end-of-turn rule, and the turn-taker
 * on the session's terms (`ready`: eagerness, barge-in rule, language), numbering its turns
 * after the page's, told through the sink. Made before the microphone opens: every captured
 * block must reach it.
 */
export function callTurns(
  d: Pick<CallDeps, 'sink' | 'view' | 'switches' | 'language'> & { phase: CallPhase },
  call: OpenCall,
  mic: ResilientMic<MicCapture>,
): TurnTaker {
  const { sink } = d;
  const { ready, vad } = call;
  const { duplex: forced, endOfTurn } = d.switches;
  // Under the policy the VAD's own end of speech is only a backstop past the longest wait.
  vad.setOptions({
    redemptionMs: endOfTurn === 'fixed' ? FIXED_END_OF_TURN_MS : BACKSTOP_END_OF_TURN_MS,
  });
  // The relay's word on the language, else the page's.
  const language = ready.language ?? d.language;
  const turns = new TurnTaker({
    events: quietsTools(turnEventsToSink(sink, d.phase, call.dropped), () =>
      call.link.quietTools(),
    ),
    send: (m) => call.uplink.send(m),
    sendChunk: (chunk, turnId, ts) => call.uplink.sendChunk(chunk, turnId, ts),
    player: call.player,
    epochMsOf: (sample) => mic.epochMsOf(sample),
    outputRateHz: ready.outputSampleRateHz,
    // Half duplex until the echo check says the reply cannot be heard by the mic.
    duplex: forced ?? 'half',
    firstTurnId: d.view.nextTurnId(),
    endSpeech: () => vad.endSegment(),
    eagerness: ready.eagerness,
    bargeIn: ready.bargeIn ?? 'words',
    ...(language === undefined ? {} : { language }),
    endOfTurnRule: endOfTurn,
    vadThresholds: {
      positive: vad.settings.positiveSpeechThreshold,
      negative: vad.settings.negativeSpeechThreshold,
    },
  });
  turns.setQuestionOpen(d.view.questionOpen());
  sink.session({ kind: 'language', language: ready.language ?? null });
  return turns;
}
