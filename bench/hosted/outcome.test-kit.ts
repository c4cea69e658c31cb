import type { HostedOutcome } from './report.ts';

/** An utterance's outcome as the reports' tests want it: a plausible one, `over` changed. */
export function hostedOutcome(over: Partial<HostedOutcome> = {}): HostedOutcome {
  return {
    latency: { firstTokenMs: 400, firstSpeechMs: 200 },
    rule: 'policy',
    text: 'what time is it',
    voice: 'slt',
    heard: 'what time is it',
    turns: 1,
    voiceToVoiceMs: 800,
    endToFirstAudioMs: 500,
    endpointingMs: 300,
    llmRequests: 1,
    firstRequestAfterSpeechMs: 300,
    answeredRequestAfterSpeechMs: 300,
    requestToSpeechRequestMs: 450,
    ...over,
  };
}
