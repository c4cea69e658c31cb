/**
 * What Opus adds to the browser's side of a turn (issue 26), in Debian's Chromium: the time from
 * handing a 100 ms microphone chunk to WebCodecs' `AudioEncoder` (the app's settings: 16 kHz
 * mono, 20 ms packets, VoIP, voice, complexity 10, 24 kbit/s) to its fifth packet out, and from
 * handing a reply frame's packets (as the relay encodes Flite's 16 kHz speech) to its PCM, with
 * WebCodecs' `AudioDecoder` and with the WebAssembly fallback (opus-decoder). Each chunk and frame
 * is handed over at its real-time pace, as in a call. Writes bench/results/opus-browser.{json,md}.
 *
 *   node --import tsx bench/opus/browser-codec.ts
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { CHUNK_SAMPLES } from '@parley/shared';
import { fakeMicArgs } from '../../e2e/fake-mic-args.ts';
import { OpusStreamEncoder } from '../../relay/src/audio/opus.ts';
import { closeSynthesizers, synthesizeSpeech } from '../../relay/test/fixtures/speech.ts';
import { describeMachine, machineInfo } from '../lib/machine.ts';
import { writeResult } from '../lib/write-result.ts';

const PHRASES = [
  'what time is it',
  'I would like to book a table for two people at seven tonight',
  'what is the capital of france',
  'please remind me to call my sister tomorrow morning',
];
const REPLY_FRAME_PACKETS = 5;

const speech: number[] = [];
for (const [i, text] of PHRASES.entries()) {
  const voice = ['slt', 'rms', 'awb', 'kal16'][i % 4] ?? 'slt';
  const s = await synthesizeSpeech(text, { voice, leadingSilenceMs: 0, trailingSilenceMs: 0 });
  speech.push(...s.samples);
}
await closeSynthesizers();
const pcm = Int16Array.from(speech.slice(0, speech.length - (speech.length % CHUNK_SAMPLES)));
// Reply frames as the relay sends them: one Opus stream, frames of five 20 ms packets.
const encoder = new OpusStreamEncoder({ rateHz: 16_000, bitrate: 24_000 });
const packets = encoder.encode(pcm).map((p) => [...p]);
encoder.free();

const require = createRequire(join(fileURLToPath(new URL('../../web/', import.meta.url)), 'x.js'));
const decoderScript = readFileSync(
  join(require.resolve('opus-decoder').replace(/index\.js$/, ''), 'dist/opus-decoder.min.js'),
);
const pageScript = readFileSync(fileURLToPath(new URL('./codec.page.js', import.meta.url)));
const server = createServer((req, res) => {
  if (req.url === '/codec.page.js') {
    res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
    res.end(pageScript);
    return;
  }
  if (req.url === '/opus-decoder.js') {
    res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
    res.end(decoderScript);
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(
    '<!doctype html><script src="/opus-decoder.js"></script><script src="/codec.page.js"></script>',
  );
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const address = server.address();
const port = typeof address === 'object' && address ? address.port : 0;

interface Timings {
  p50: number;
  p90: number;
  max: number;
  n: number;
}
interface BrowserFigures {
  userAgent: string;
  encodeChunk: Timings;
  decodeWebCodecs: Timings;
  decodeWasm: Timings;
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: fakeMicArgs('/dev/null'),
});
let figures: BrowserFigures;
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${port}/`);
  // The page's side is plain JavaScript (codec.page.js): this bench's types know no DOM.
  figures = await page.evaluate<BrowserFigures>(
    `runCodecBench(${JSON.stringify({
      samples: [...pcm],
      packets,
      chunkSamples: CHUNK_SAMPLES,
      framePackets: REPLY_FRAME_PACKETS,
    })})`,
  );
} finally {
  await browser.close();
  server.close();
}

const machine = machineInfo();
const row = (what: string, t: Timings) =>
  `| ${what} | ${t.p50.toFixed(2)} | ${t.p90.toFixed(2)} | ${t.max.toFixed(2)} | ${t.n} |`;
const md = [
  '# Opus in the browser: what coding adds',
  '',
  `\`node --import tsx bench/opus/browser-codec.ts\` · ${describeMachine(machine)} · ${figures.userAgent.match(/Chrome\/[\d.]+/)?.[0] ?? 'Chromium'}`,
  '',
  `${(pcm.length / 16_000).toFixed(1)} s of Flite speech (four voices), handed over at real-time pace: 100 ms microphone chunks to WebCodecs' \`AudioEncoder\` (the app's settings: 16 kHz mono, 20 ms packets, VoIP, voice, complexity 10, 24 kbit/s), and reply frames of five 20 ms packets (encoded as the relay encodes Flite's 16 kHz speech) to each decoder. Milliseconds from handing over to the last packet's output (encoding) or the frame's PCM (decoding).`,
  '',
  '| step | median ms | p90 ms | max ms | count |',
  '| --- | ---: | ---: | ---: | ---: |',
  row('encode a 100 ms chunk (WebCodecs)', figures.encodeChunk),
  row('decode a 100 ms reply frame (WebCodecs)', figures.decodeWebCodecs),
  row('decode a 100 ms reply frame (WebAssembly, opus-decoder)', figures.decodeWasm),
  '',
  "Opus's own algorithmic delay (the encoder's look-ahead, 6.5 ms) comes on top, once per direction.",
  '',
].join('\n');
const results = fileURLToPath(new URL('../results/', import.meta.url));
await writeResult(join(results, 'opus-browser.json'), JSON.stringify({ machine, ...figures }));
await writeResult(join(results, 'opus-browser.md'), md);
console.log(md);
