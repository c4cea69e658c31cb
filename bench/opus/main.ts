/**
 * Opus against PCM16 on the wire (issue 26), through the headless client (`pnpm talk`'s
 * streamer) and a TCP proxy that counts every byte each way: the 60 utterances of the
 * end-of-turn set (Flite's four voices, 2–12 words, half with a pause inside), streamed in real
 * time into a relay with the embedded providers (PocketSphinx, the offline responder, Flite),
 * once per codec, in one run. Voice to voice is the complete utterances' (answered in one turn).
 *
 *   pnpm bench:opus [--out bench/results] [--only N] [--weak N]
 *
 * Per codec: bytes per second of speech sent up and of reply received down (all of the
 * connection's bytes while the turn runs: frames, JSON, WebSocket and TCP payload framing),
 * the word error rate of the transcripts against what was said, voice to voice (median, p90),
 * and what coding costs on this machine: libopus (@evan/opus, WebAssembly) time per 100 ms microphone chunk
 * encoded and decoded, and per 20 ms reply packet, with Opus's algorithmic delay (its encoder's
 * look-ahead) beside it. Then a phone's weak uplink — 64 kbit/s up, 40 ms each way through a
 * second proxy — for the first `--weak` complete utterances (12), per codec: voice to voice
 * there against the same utterances on the open link, and how far behind the uplink fell.
 * Writes bench/results/opus-headless.{json,md}.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CHUNK_MS, CHUNK_SAMPLES, floatToPcm16, percentile, type AudioCodec } from '@parley/shared';
import { OpusStreamDecoder, OpusStreamEncoder } from '../../relay/src/audio/opus.ts';
import { TalkClient } from '../../relay/src/talk/client.ts';
import { UtteranceStreamer } from '../../relay/src/talk/stream.ts';
import { closeSynthesizers } from '../../relay/test/fixtures/speech.ts';
import { startTestRelay } from '../../relay/test/harness.ts';
import { TcpProxy } from '../../relay/test/tcp-proxy.ts';
import { utteranceAudio } from '../end-of-turn/audio.ts';
import { endOfTurnSet, wholeText } from '../end-of-turn/utterances.ts';

import { wordErrorRate } from '../lib/word-errors.ts';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'bench/results' },
    only: { type: 'string' },
    weak: { type: 'string', default: '12' },
  },
});
const set = endOfTurnSet().slice(0, values.only ? Number(values.only) : undefined);
const audioDir = join(tmpdir(), 'parley-end-of-turn-set');
const startedAt = Date.now();
const loadBefore = loadavg();
const RATE = 16_000;

interface Outcome {
  codec: AudioCodec;
  voice: string;
  said: string;
  heard: string;
  /** Microphone audio sent (s). */
  speechS: number;
  replyS: number;
  bytesUp: number;
  bytesDown: number;
  voiceToVoiceMs: number | null;
}

const relay = await startTestRelay({ POCKETSPHINX_SPARES: '1' });
const proxy = new TcpProxy(Number(new URL(relay.url).port));
await proxy.listen();
const outcomes: Outcome[] = [];
const speech: Float32Array[] = [];
const weakSet = set.filter((u) => u.kind === 'complete').slice(0, Number(values.weak));
/** The weak link's turns: voice to voice (null: not answered in one turn), the uplink's lag. */
const weak: { codec: AudioCodec; said: string; voiceToVoiceMs: number | null; lagMs: number }[] =
  [];
try {
  for (const codec of ['pcm16', 'opus'] as const) {
    const client = await TalkClient.connect(`ws://127.0.0.1:${proxy.port}/ws`, {
      codec,
      outputSampleRateHz: 'native',
    });
    const got = client.ready.codecs?.up ?? 'pcm16';
    if (got !== codec) throw new Error(`asked for ${codec}, the relay chose ${got}`);
    const streamer = new UtteranceStreamer(client);
    const warm = await utteranceAudio({ kind: 'complete', text: 'hello', voice: 'slt' }, audioDir);
    await streamer.stream(warm.samples);
    for (const [i, u] of set.entries()) {
      const { samples } = await utteranceAudio(u, audioDir);
      if (codec === 'pcm16') speech.push(samples);
      const before = { ...proxy.bytes, chunks: client.chunksSent };
      const reports = await streamer.stream(samples);
      const outcome: Outcome = {
        codec,
        voice: u.voice,
        said: wholeText(u),
        heard: reports.map((r) => r.transcript).join(' '),
        speechS: ((client.chunksSent - before.chunks) * CHUNK_MS) / 1000,
        replyS: reports.reduce((s, r) => s + r.replyAudioMs, 0) / 1000,
        bytesUp: proxy.bytes.up - before.up,
        bytesDown: proxy.bytes.down - before.down,
        voiceToVoiceMs:
          u.kind === 'complete' && reports.length === 1
            ? (reports[0]?.timings.voiceToVoiceMs ?? null)
            : null,
      };
      outcomes.push(outcome);
      console.log(`${codec} ${i + 1}/${set.length} ${JSON.stringify(outcome)}`);
    }
    client.close();
  }
  for (const codec of ['pcm16', 'opus'] as const) {
    const link = new TcpProxy(Number(new URL(relay.url).port));
    link.delayMs = 40;
    await link.listen();
    try {
      const client = await TalkClient.connect(`ws://127.0.0.1:${link.port}/ws`, {
        codec,
        outputSampleRateHz: 'native',
      });
      link.upBytesPerSecond = 64_000 / 8;
      const streamer = new UtteranceStreamer(client);
      for (const [i, u] of weakSet.entries()) {
        const { samples } = await utteranceAudio(u, audioDir);
        link.maxUpLagMs = 0;
        const reports = await streamer.stream(samples);
        const turn = {
          codec,
          said: wholeText(u),
          voiceToVoiceMs:
            reports.length === 1 ? (reports[0]?.timings.voiceToVoiceMs ?? null) : null,
          lagMs: Math.round(link.maxUpLagMs),
        };
        weak.push(turn);
        console.log(`weak link ${codec} ${i + 1}/${weakSet.length} ${JSON.stringify(turn)}`);
      }
      client.close();
    } finally {
      await link.close();
    }
  }
} finally {
  await proxy.close();
  await relay.close();
  await closeSynthesizers();
}

/** Wall ms per call of `fn` over `items` (median, p90), after a warm-up pass. */
function timed<T>(items: readonly T[], fn: (item: T) => void): { p50: number; p90: number } {
  for (const item of items.slice(0, 20)) fn(item);
  const ms = items.map((item) => {
    const t = performance.now();
    fn(item);
    return performance.now() - t;
  });
  return { p50: percentile(ms, 0.5), p90: percentile(ms, 0.9) };
}

// What coding costs: the set's speech in 100 ms chunks, as the client and the relay code it.
const chunks: Int16Array[] = [];
for (const s of speech) {
  const pcm = floatToPcm16(s);
  for (let at = 0; at + CHUNK_SAMPLES <= pcm.length; at += CHUNK_SAMPLES)
    chunks.push(pcm.subarray(at, at + CHUNK_SAMPLES));
}
const encoder = new OpusStreamEncoder({ rateHz: RATE, bitrate: 24_000, complexity: 10 });
const encodeChunk = timed(chunks, (c) => encoder.encode(c));
const packets = chunks.map((c) => encoder.encode(c));
encoder.free();
const decoder = new OpusStreamDecoder(RATE);
const decodeChunk = timed(packets, (p) => decoder.decode(p));
decoder.free();

const by = (codec: AudioCodec) => outcomes.filter((o) => o.codec === codec);
const summary = (['pcm16', 'opus'] as const).map((codec) => {
  const os = by(codec);
  const speechS = os.reduce((s, o) => s + o.speechS, 0);
  const replyS = os.reduce((s, o) => s + o.replyS, 0);
  const v2v = os.flatMap((o) => (o.voiceToVoiceMs === null ? [] : [o.voiceToVoiceMs]));
  return {
    codec,
    upBytesPerS: Math.round(os.reduce((s, o) => s + o.bytesUp, 0) / speechS),
    downBytesPerS: Math.round(os.reduce((s, o) => s + o.bytesDown, 0) / replyS),
    wer: wordErrorRate(os),
    exact: os.filter((o) => wordErrorRate([o]) === 0).length,
    utterances: os.length,
    v2vP50: percentile(v2v, 0.5),
    v2vP90: percentile(v2v, 0.9),
  };
});
const [pcm, opus] = summary;
const weakSummary = (['pcm16', 'opus'] as const).map((codec) => {
  const turns = weak.filter((w) => w.codec === codec);
  const open = by(codec).filter((o) => turns.some((t) => t.said === o.said));
  const v2v = (xs: { voiceToVoiceMs: number | null }[]) =>
    xs.flatMap((x) => (x.voiceToVoiceMs === null ? [] : [x.voiceToVoiceMs]));
  return {
    codec,
    openP50: percentile(v2v(open), 0.5),
    weakP50: percentile(v2v(turns), 0.5),
    weakP90: percentile(v2v(turns), 0.9),
    lagP50: percentile(
      turns.map((t) => t.lagMs),
      0.5,
    ),
    lagMax: Math.max(0, ...turns.map((t) => t.lagMs)),
  };
});
const ratio = (a?: number, b?: number) => (a && b ? (a / b).toFixed(1) : '—');
const kbit = (bytes: number) => ((bytes * 8) / 1000).toFixed(1);
const markdown = [
  '# Opus against PCM16 on the wire, headless',
  '',
  `\`pnpm bench:opus${values.only ? ` --only ${values.only}` : ''}\` · ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version} · load ${loadBefore.map((x) => x.toFixed(1)).join(' ')} before, ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} after · ${Math.round((Date.now() - startedAt) / 60_000)} min`,
  '',
  `The ${set.length} utterances of the end-of-turn set (Flite's four voices; half with a pause inside, whose words may be answered as two turns, their transcripts joined), streamed in real time by the headless client through a byte-counting TCP proxy into a relay with the embedded providers; Opus up at 24 kbit/s (complexity 10, as the browser encodes), reply Opus at the relay's \`OPUS_REPLY_BITRATE\` at the synthesiser's 16 kHz. Bytes are every byte of the connection while the turn ran, per second of microphone audio sent (up: the 100 ms chunks of the utterance) and of reply audio received (down).`,
  '',
  '| codec | up, bytes/s (kbit/s) | down, bytes/s (kbit/s) | word error rate | heard exactly | voice to voice median / p90 |',
  '| --- | ---: | ---: | ---: | ---: | ---: |',
  ...summary.map(
    (s) =>
      `| ${s.codec} | ${s.upBytesPerS} (${kbit(s.upBytesPerS)}) | ${s.downBytesPerS} (${kbit(s.downBytesPerS)}) | ${(s.wer * 100).toFixed(1)} % | ${s.exact}/${s.utterances} | ${Math.round(s.v2vP50)} / ${Math.round(s.v2vP90)} ms |`,
  ),
  '',
  `Opus sends **${ratio(pcm?.upBytesPerS, opus?.upBytesPerS)}×** fewer bytes up and **${ratio(pcm?.downBytesPerS, opus?.downBytesPerS)}×** fewer down; word error rate ${((pcm?.wer ?? 0) * 100).toFixed(1)} % → ${((opus?.wer ?? 0) * 100).toFixed(1)} %.`,
  '',
  `Coding on this machine (libopus in WebAssembly, @evan/opus, as the relay and the headless client run it), wall time: a 100 ms microphone chunk encoded ${encodeChunk.p50.toFixed(2)} ms (p90 ${encodeChunk.p90.toFixed(2)}), decoded ${decodeChunk.p50.toFixed(2)} ms (p90 ${decodeChunk.p90.toFixed(2)}); Opus's own delay (the encoder's look-ahead) 6.5 ms.`,
  '',
  `A phone's weak uplink (64 kbit/s up, 40 ms each way, a second proxy) for the first ${weakSet.length} complete utterances, against the same utterances on the open link:`,
  '',
  '| codec | voice to voice, open link (median) | weak link median / p90 | added (median) | uplink behind, median / max |',
  '| --- | ---: | ---: | ---: | ---: |',
  ...weakSummary.map(
    (w) =>
      `| ${w.codec} | ${Math.round(w.openP50)} ms | ${Math.round(w.weakP50)} / ${Math.round(w.weakP90)} ms | ${Math.round(w.weakP50 - w.openP50)} ms | ${w.lagP50} / ${w.lagMax} ms |`,
  ),
  '',
  'Where the transcripts differ between the codecs:',
  '',
  ...set.flatMap((u, i) => {
    const a = by('pcm16')[i];
    const b = by('opus')[i];
    return a && b && a.heard !== b.heard
      ? [`- "${a.said}" (${u.voice}): PCM16 "${a.heard}", Opus "${b.heard}"`]
      : [];
  }),
  '',
].join('\n');
mkdirSync(values.out, { recursive: true });
writeFileSync(join(values.out, 'opus-headless.md'), markdown);
writeFileSync(
  join(values.out, 'opus-headless.json'),
  JSON.stringify({ summary, weakSummary, encodeChunk, decodeChunk, outcomes, weak }, null, 1),
);
console.log(`\n${markdown}`);
process.exit(0);
