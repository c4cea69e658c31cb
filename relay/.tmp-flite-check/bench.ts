import { FliteTts } from '../src/providers/tts/flite.ts';
const t0 = performance.now();
const tts = new FliteTts({ workers: 1 });
await tts.ready();
const readyMs = performance.now() - t0;
const texts = ['What time is it?', 'Hello, how are you today?', 'The quick brown fox jumps over the lazy dog.', 'I am a small offline voice assistant running entirely on this machine, without any network access.'];
const rows: string[] = [];
for (let round = 0; round < 3; round++) for (const text of texts) {
  const s = performance.now(); let first = 0; let n = 0;
  for await (const b of tts.synthesize({ text, signal: new AbortController().signal })) { if (!first) first = performance.now() - s; n += b.length; }
  const total = performance.now() - s;
  rows.push(`round${round} chars=${text.length} first=${first.toFixed(0)}ms total=${total.toFixed(0)}ms audio=${(n / 16).toFixed(0)}ms rtf=${(total / (n / 16)).toFixed(3)}`);
}
console.log('ready (compile + 1 worker)', readyMs.toFixed(0), 'ms'); console.log(rows.join('\n'));
await tts.close();
