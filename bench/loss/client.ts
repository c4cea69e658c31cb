/**
 * The loss bench's client (bench/loss/main.ts starts it inside the network namespace, behind the
 * lossy, delayed link): the headless client on the page's resilient connection says each
 * utterance in real time, waits for its reply, and prints one JSON line per utterance, then one
 * with its counts. Its argument: a {@link ClientSpec} as JSON.
 */
import { TalkClient } from '../../relay/src/talk/client.ts';
import { UtteranceStreamer } from '../../relay/src/talk/stream.ts';
import { utteranceAudio } from '../end-of-turn/audio.ts';
import type { EndOfTurnUtterance } from '../end-of-turn/utterances.ts';
import { playoutGaps, type UtteranceOutcome } from './summary.ts';

/** What main.ts asks of one run of the client. */
export interface ClientSpec {
  wsUrl: string;
  /** Bearer token for the relay (it runs with AUTH_MODE=jwt: it serves another address). */
  token: string;
  codec: 'opus' | 'pcm16';
  /** Said first, not counted (the decoder, the connection and the voice warm up). */
  warm: EndOfTurnUtterance;
  utterances: EndOfTurnUtterance[];
  audioDir: string;
}

/** The client's last line: its session and what its connection counted. */
export interface ClientEnd {
  type: 'end';
  sessionId: string;
  chunksSent: number;
  lostChunks: number;
  unackedChunks: number;
  reconnects: number;
  wentOffline: boolean;
}

export type ClientLine = { type: 'utterance'; outcome: UtteranceOutcome } | ClientEnd;

const spec = JSON.parse(process.argv[2] ?? '') as ClientSpec;
const print = (line: ClientLine) => process.stdout.write(`${JSON.stringify(line)}\n`);

// The page's heartbeat (5 s) and output rate (the synthesiser's own, as a browser asks).
const client = await TalkClient.connect(spec.wsUrl, {
  codec: spec.codec,
  token: spec.token,
  outputSampleRateHz: 'native',
});
const streamer = new UtteranceStreamer(client);
const fixed = 'fixed' as const;
await streamer.stream((await utteranceAudio(spec.warm, spec.audioDir)).samples, {
  endOfTurn: fixed,
});
for (const u of spec.utterances) {
  const { samples } = await utteranceAudio(u, spec.audioDir);
  const reports = await streamer.stream(samples, { endOfTurn: fixed });
  const first = reports[0];
  const record = first ? client.turns.get(first.turnId) : undefined;
  print({
    type: 'utterance',
    outcome: {
      text: u.kind === 'complete' ? u.text : `${u.before} ${u.after}`,
      turns: reports.length,
      heard: reports.map((r) => r.transcript).join(' | '),
      status: first?.status ?? null,
      voiceToVoiceMs: first?.timings.voiceToVoiceMs ?? null,
      replyAudioMs: Math.round(first?.replyAudioMs ?? 0),
      gaps: playoutGaps(record?.audioArrivals ?? []),
    },
  });
}
// Everything sent is acknowledged before the counts are read (the journal empties on acks).
const until = Date.now() + 10_000;
while (client.connection.unackedChunks > 0 && Date.now() < until)
  await new Promise((r) => setTimeout(r, 50));
print({
  type: 'end',
  sessionId: client.ready.sessionId,
  chunksSent: client.chunksSent,
  lostChunks: client.connection.lostChunks,
  unackedChunks: client.connection.unackedChunks,
  reconnects: client.states.filter((s) => s.kind === 'reconnecting').length,
  wentOffline: client.ended !== null,
});
client.close();
process.exit(0);
