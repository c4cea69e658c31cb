import { FliteTts } from '../src/providers/tts/flite.ts';
import { PocketSphinxAsr } from '../src/providers/asr/pocketsphinx.ts';
const t0 = performance.now();
const tts = new FliteTts();
await tts.ready();
const readyMs = performance.now() - t0;
const asr = new PocketSphinxAsr({ poolSize: 1 });
await asr.ready();
const res: string[] = [];
for (const text of ['What time is it?', 'The quick brown fox jumps over the lazy dog. It was a sunny day in the park, and everyone was happy.']) {
  const s = performance.now(); let first = 0; let n = 0;
  const stream = asr.start({ sampleRateHz: 16000, signal: new AbortController().signal });
  for await (const b of tts.synthesize({ text, signal: new AbortController().signal })) { if (!first) first = performance.now() - s; n += b.length; stream.write(b); }
  const total = performance.now() - s;
  stream.write(new Int16Array(8000));
  const r = await stream.finish();
  res.push(`${JSON.stringify(text.slice(0, 20))} first=${first.toFixed(0)}ms total=${total.toFixed(0)}ms audio=${(n / 16).toFixed(0)}ms asr=${JSON.stringify(r.text)}`);
}
console.log('tts ready (compile+worker)', readyMs.toFixed(0), 'ms\n' + res.join('\n'));
await Promise.all([tts.close(), asr.close()]);
