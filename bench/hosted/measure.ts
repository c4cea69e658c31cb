import type { UtteranceStreamer } from '../../relay/src/talk/stream.ts';
import type { FakeTls } from '../../relay/test/fakes/fake-http.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../../relay/test/fakes/openai-server.ts';
import type { HostedLatency, HostedOutcome } from './report.ts';

const KEY = 'sk-bench-hosted-0123456789';

/**
 * The hosted language model and voice: a local server speaking OpenAI's protocol that waits
 * `latency` before its first token and its first speech byte, then sends a token or an audio
 * block every 20 ms, always answering `reply`; over HTTPS with `tls`.
 */
export async function startHostedFake(
  latency: HostedLatency,
  reply: string,
  tls?: FakeTls,
): Promise<FakeOpenAi> {
  const fake = await startFakeOpenAi({ apiKey: KEY, ...(tls ? { tls } : {}) });
  fake.intervalMs = 20;
  fake.reply = () => reply;
  fake.setFault('chat', { kind: 'latency', ms: latency.firstTokenMs });
  fake.setFault('speech', { kind: 'latency', ms: latency.firstSpeechMs });
  return fake;
}

/** A relay's settings for the embedded recogniser and `fake`'s language model and voice. */
export function hostedRelayEnv(fake: FakeOpenAi): Record<string, string> {
  return {
    LLM_PROVIDERS: 'openai',
    TTS_PROVIDERS: 'openai',
    OPENAI_API_KEY: KEY,
    OPENAI_BASE_URL: fake.baseUrl,
    HEALTH_PROBE_INTERVAL_S: '0',
    POCKETSPHINX_SPARES: '1',
  };
}

/** What one utterance said to the relay came to, short of the setting it was said under. */
export type UtteranceFigures = Omit<HostedOutcome, 'latency' | 'rule'>;

/**
 * Says `samples` (utterance `u`) through `streamer` under `endOfTurn` and reads its figures: the
 * client's timings of its turn, and from the fake's log the language-model and speech requests
 * it caused, timed against the end of speech (epoch ms, also returned).
 */
export async function sayUtterance(
  streamer: UtteranceStreamer,
  fake: FakeOpenAi,
  u: { text: string; voice: string },
  samples: Float32Array,
  endOfTurn: 'fixed' | Record<string, never>,
): Promise<{ figures: UtteranceFigures; speechEndAtMs: number | null }> {
  const chatBefore = fake.received('chat').length;
  const speechBefore = fake.received('speech').length;
  const reports = await streamer.stream(samples, { endOfTurn });
  const chats = fake.received('chat').slice(chatBefore);
  const speech = fake.received('speech').slice(speechBefore);
  const first = reports[0];
  const end = first?.speechEndAtMs ?? null;
  // The answer's request: the last one made before the first TTS request (a restarted
  // speculation's, else the only one).
  const firstTts = speech[0]?.atMs ?? null;
  const answered = chats.filter((c) => firstTts === null || c.atMs <= firstTts).at(-1);
  const after = (at: number | undefined) =>
    end === null || at === undefined ? null : Math.round(at - end);
  const figures: UtteranceFigures = {
    text: u.text,
    voice: u.voice,
    heard: reports.map((r) => r.transcript).join(' | '),
    turns: reports.length,
    voiceToVoiceMs: reports.length === 1 ? (first?.timings.voiceToVoiceMs ?? null) : null,
    endToFirstAudioMs: first?.timings.endToFirstAudioMs ?? null,
    endpointingMs: first?.timings.endpointingMs ?? null,
    llmRequests: chats.length,
    firstRequestAfterSpeechMs: after(chats[0]?.atMs),
    answeredRequestAfterSpeechMs: after(answered?.atMs),
    requestToSpeechRequestMs:
      answered && firstTts !== null ? Math.round(firstTts - answered.atMs) : null,
  };
  return { figures, speechEndAtMs: end };
}
