/**
 * Which npm Opus library the relay uses (issue 26): CPU per second of speech to encode (16 kHz
 * mono, 20 ms packets, VoIP, 24 kbit/s, complexity 10 and 5) and to decode (at 16 kHz), for each
 * candidate installed in a folder of its own (they are not the project's dependencies):
 *
 *   mkdir /tmp/opus-cmp && cd /tmp/opus-cmp && npm init -y && \
 *     npm install opusscript @discordjs/opus @evan/opus opus-decoder
 *   OPUS_CANDIDATES=/tmp/opus-cmp SPEECH_WAV=speech.wav node --import tsx bench/opus/libraries.ts
 *
 * SPEECH_WAV: 16 kHz mono PCM16 speech (the results file says how it was made). Each figure is
 * the median of ROUNDS (5) passes over the whole file, CPU time of this process
 * (`process.cpuUsage`), so another process's load inflates it less than wall time would.
 * Writes bench/results/opus-libraries.{json,md}.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeMachine, machineInfo } from '../lib/machine.ts';
import { writeResult } from '../lib/write-result.ts';

const DIR = process.env.OPUS_CANDIDATES;
const WAV = process.env.SPEECH_WAV;
const ROUNDS = Number(process.env.ROUNDS ?? 5);
if (!DIR || !WAV) throw new Error('Set OPUS_CANDIDATES and SPEECH_WAV (see the header).');
const require = createRequire(join(DIR, 'package.json'));
const RATE = 16_000;
const FRAME = RATE / 50;
const BITRATE = 24_000;

/** The PCM16 samples of a plain 16 kHz mono WAV. */
function readWav(path: string): Int16Array {
  const bytes = readFileSync(path);
  let at = 12;
  while (at < bytes.length) {
    const id = bytes.toString('ascii', at, at + 4);
    const size = bytes.readUInt32LE(at + 4);
    if (id === 'data') {
      const data = bytes.subarray(at + 8, at + 8 + size);
      return new Int16Array(data.buffer, data.byteOffset, data.byteLength / 2).slice();
    }
    at += 8 + size + (size % 2);
  }
  throw new Error(`${path}: no data chunk`);
}

const pcm = readWav(WAV);
const frames: Buffer[] = [];
for (let i = 0; i + FRAME <= pcm.length; i += FRAME)
  frames.push(Buffer.from(pcm.buffer, pcm.byteOffset + i * 2, FRAME * 2));
const seconds = (frames.length * FRAME) / RATE;

interface Codec {
  encode(frame: Buffer): Uint8Array;
  free?(): void;
}
interface Decoder {
  decode(packet: Uint8Array): unknown;
  free?(): void;
}
interface Candidate {
  name: string;
  kind: string;
  encoder?(complexity: number): Codec;
  /** A decoder ready to decode (made outside the timed part). */
  decoder(): Decoder | Promise<Decoder>;
}

const OPUS_SET_COMPLEXITY = 4010;
const OPUS_SET_SIGNAL = 4024;
const OPUS_SIGNAL_VOICE = 3001;

interface OpusScriptLike {
  encode(b: Buffer, frameSize: number): Buffer;
  decode(b: Uint8Array): Buffer;
  setBitrate(b: number): void;
  encoderCTL(ctl: number, v: number): void;
  delete(): void;
}
interface DiscordLike {
  encode(b: Buffer): Buffer;
  decode(b: Uint8Array): Buffer;
  setBitrate(b: number): void;
  applyEncoderCTL(ctl: number, v: number): void;
}
interface EvanLike {
  encode(b: ArrayBufferView): Uint8Array;
  decode(b: ArrayBufferView): Uint8Array;
  ctl(cmd: number, v?: number): number;
  bitrate: number;
}

function opusscript(): Candidate {
  const OpusScript = require('opusscript') as {
    new (rate: number, channels: number, app: number): OpusScriptLike;
    Application: { VOIP: number };
  };
  return {
    name: 'opusscript',
    kind: 'WebAssembly (emscripten), libopus 1.4',
    encoder(complexity) {
      const e = new OpusScript(RATE, 1, OpusScript.Application.VOIP);
      e.setBitrate(BITRATE);
      e.encoderCTL(OPUS_SET_COMPLEXITY, complexity);
      e.encoderCTL(OPUS_SET_SIGNAL, OPUS_SIGNAL_VOICE);
      return { encode: (f) => e.encode(f, FRAME), free: () => e.delete() };
    },
    decoder() {
      const d = new OpusScript(RATE, 1, OpusScript.Application.VOIP);
      return { decode: (p) => d.decode(p), free: () => d.delete() };
    },
  };
}

function discord(): Candidate {
  const { OpusEncoder } = require('@discordjs/opus') as {
    OpusEncoder: new (rate: number, channels: number) => DiscordLike;
  };
  return {
    name: '@discordjs/opus',
    kind: 'native addon (node-gyp), libopus 1.3',
    encoder(complexity) {
      const e = new OpusEncoder(RATE, 1);
      e.setBitrate(BITRATE);
      e.applyEncoderCTL(OPUS_SET_COMPLEXITY, complexity);
      e.applyEncoderCTL(OPUS_SET_SIGNAL, OPUS_SIGNAL_VOICE);
      return { encode: (f) => e.encode(f) };
    },
    decoder() {
      const d = new OpusEncoder(RATE, 1);
      return { decode: (p) => d.decode(p) };
    },
  };
}

function evan(wasm: boolean): Candidate {
  const path = join(DIR ?? '', 'node_modules/@evan/opus', wasm ? 'wasm/index.js' : 'lib.js');
  if (wasm) process.env.OPUS_FORCE_WASM = '1';
  const lib = require(path) as Record<string, unknown>;
  const mod = (wasm ? require(join(DIR ?? '', 'node_modules/@evan/opus/lib.js')) : lib) as {
    Encoder: new (o: object) => EvanLike;
    Decoder: new (o: object) => EvanLike;
  };
  return {
    name: `@evan/opus (${wasm ? 'WebAssembly' : 'native'})`,
    kind: wasm ? 'WebAssembly, libopus 1.3' : 'prebuilt .node in the package, libopus 1.3',
    encoder(complexity) {
      const e = new mod.Encoder({ channels: 1, sample_rate: RATE, application: 'voip' });
      e.bitrate = BITRATE;
      e.ctl(OPUS_SET_COMPLEXITY, complexity);
      e.ctl(OPUS_SET_SIGNAL, OPUS_SIGNAL_VOICE);
      return { encode: (f) => e.encode(f) };
    },
    decoder() {
      const d = new mod.Decoder({ channels: 1, sample_rate: RATE });
      return { decode: (p) => d.decode(p) };
    },
  };
}

function opusDecoder(): Candidate {
  const { OpusDecoder } = require('opus-decoder') as {
    OpusDecoder: new (o: object) => {
      ready: Promise<void>;
      decodeFrame(p: Uint8Array): unknown;
      free(): void;
    };
  };
  return {
    name: 'opus-decoder',
    kind: 'WebAssembly (inlined), libopus 1.3, decoder only',
    async decoder() {
      const d = new OpusDecoder({ sampleRate: RATE, channels: 1 });
      await d.ready;
      return { decode: (p) => d.decodeFrame(p), free: () => d.free() };
    },
  };
}

/** CPU ms of `fn`, median of ROUNDS. */
function cpuMs(fn: () => void): number {
  const runs: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const before = process.cpuUsage();
    fn();
    const used = process.cpuUsage(before);
    runs.push((used.user + used.system) / 1000);
  }
  runs.sort((a, b) => a - b);
  return runs[Math.floor(runs.length / 2)] ?? NaN;
}

const reference = opusscript().encoder?.(10);
const packets = frames.map((f) => Uint8Array.from(reference?.encode(f) ?? []));
reference?.free?.();
const packetBytes = packets.reduce((n, p) => n + p.length, 0);

interface Row {
  name: string;
  kind: string;
  encodeC10MsPerS: number | null;
  encodeC5MsPerS: number | null;
  decodeMsPerS: number;
}
const rows: Row[] = [];
const makers: (() => Candidate)[] = [
  opusscript,
  discord,
  () => evan(false),
  () => evan(true),
  opusDecoder,
];
for (const make of makers) {
  let c: Candidate;
  try {
    c = make();
  } catch (err) {
    console.log(`skipped: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    continue;
  }
  const encodeAt = (complexity: number): number | null => {
    if (!c.encoder) return null;
    return (
      cpuMs(() => {
        const e = c.encoder?.(complexity);
        for (const f of frames) e?.encode(f);
        e?.free?.();
      }) / seconds
    );
  };
  const row: Row = {
    name: c.name,
    kind: c.kind,
    encodeC10MsPerS: encodeAt(10),
    encodeC5MsPerS: encodeAt(5),
    decodeMsPerS: 0,
  };
  const decoders: Decoder[] = [];
  for (let r = 0; r < ROUNDS; r++) decoders.push(await c.decoder());
  row.decodeMsPerS =
    cpuMs(() => {
      const d = decoders.pop();
      for (const p of packets) d?.decode(p);
      d?.free?.();
    }) / seconds;
  rows.push(row);
  console.log(row);
}

const fmt = (x: number | null) => (x === null ? '—' : x.toFixed(2));
const machine = machineInfo();
const md = [
  '# Opus libraries on npm: CPU per second of speech',
  '',
  `\`OPUS_CANDIDATES=… SPEECH_WAV=… node --import tsx bench/opus/libraries.ts\` · ${describeMachine(machine)}`,
  '',
  `${seconds.toFixed(1)} s of speech (${WAV.split('/').at(-1)}), 16 kHz mono, 20 ms packets, VoIP, ${BITRATE / 1000} kbit/s (the reference packets: ${((packetBytes * 8) / seconds / 1000).toFixed(1)} kbit/s). CPU ms per second of audio, median of ${ROUNDS} passes.`,
  '',
  '| library | what it is | encode, complexity 10 | encode, complexity 5 | decode |',
  '| --- | --- | ---: | ---: | ---: |',
  ...rows.map(
    (r) =>
      `| ${r.name} | ${r.kind} | ${fmt(r.encodeC10MsPerS)} | ${fmt(r.encodeC5MsPerS)} | ${fmt(r.decodeMsPerS)} |`,
  ),
  '',
].join('\n');
const results = fileURLToPath(new URL('../results/', import.meta.url));
await writeResult(
  join(results, 'opus-libraries.json'),
  JSON.stringify({ machine, seconds, bitrate: BITRATE, rows }),
);
await writeResult(join(results, 'opus-libraries.md'), md);
console.log(md);
