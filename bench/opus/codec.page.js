// The page's side of bench/opus/browser-codec.ts (plain JavaScript: the bench's types know no
// DOM). Hands 100 ms chunks to WebCodecs' AudioEncoder and reply frames to AudioDecoder and to
// opus-decoder (WebAssembly) at real-time pace, and times each from hand-over to output (ms).
/* global AudioEncoder, AudioDecoder, AudioData, EncodedAudioChunk */
// eslint-disable-next-line no-unused-vars
async function runCodecBench({ samples, packets, chunkSamples, framePackets }) {
  const stats = (ms) => {
    const s = [...ms].sort((a, b) => a - b);
    const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
    return { p50: at(0.5), p90: at(0.9), max: s.at(-1) ?? NaN, n: s.length };
  };
  const pace = (ms) => new Promise((r) => setTimeout(r, ms));

  // Encoding: a chunk's five packets out, from the moment the chunk was handed over.
  const encodeMs = [];
  await new Promise((done, fail) => {
    const handed = [];
    let out = 0;
    const enc = new AudioEncoder({
      output: () => {
        out++;
        if (out % 5 === 0) encodeMs.push(performance.now() - (handed[out / 5 - 1] ?? 0));
      },
      error: (e) => fail(e),
    });
    enc.configure({
      codec: 'opus',
      sampleRate: 16_000,
      numberOfChannels: 1,
      bitrate: 24_000,
      opus: { frameDuration: 20_000, complexity: 10, application: 'voip', signal: 'voice' },
    });
    void (async () => {
      for (let at = 0, i = 0; at + chunkSamples <= samples.length; at += chunkSamples, i++) {
        const f = new Float32Array(chunkSamples);
        for (let k = 0; k < chunkSamples; k++) f[k] = (samples[at + k] ?? 0) / 32768;
        handed.push(performance.now());
        const data = new AudioData({
          format: 'f32',
          sampleRate: 16_000,
          numberOfFrames: chunkSamples,
          numberOfChannels: 1,
          timestamp: i * 100_000,
          data: f,
        });
        enc.encode(data);
        data.close();
        await pace(100);
      }
      await enc.flush();
      enc.close();
      done();
    })();
  });

  // Decoding with WebCodecs: a frame's packets all out, from the moment it was handed over.
  const webCodecsMs = [];
  await new Promise((done, fail) => {
    let out = 0;
    const handed = [];
    const dec = new AudioDecoder({
      output: (d) => {
        d.close();
        out++;
        if (out % framePackets === 0)
          webCodecsMs.push(performance.now() - (handed[out / framePackets - 1] ?? 0));
      },
      error: (e) => fail(e),
    });
    dec.configure({ codec: 'opus', sampleRate: 16_000, numberOfChannels: 1 });
    void (async () => {
      let ts = 0;
      for (let i = 0; i + framePackets <= packets.length; i += framePackets) {
        handed.push(performance.now());
        for (const p of packets.slice(i, i + framePackets)) {
          dec.decode(
            new EncodedAudioChunk({ type: 'key', timestamp: ts, data: new Uint8Array(p) }),
          );
          ts += 20_000;
        }
        await pace(100);
      }
      await dec.flush();
      dec.close();
      done();
    })();
  });

  // Decoding with libopus in WebAssembly (the fallback): synchronous, per frame.
  const { OpusDecoder } = window['opus-decoder'];
  const wasm = new OpusDecoder({ sampleRate: 16_000, channels: 1 });
  await wasm.ready;
  const wasmMs = [];
  for (let i = 0; i + framePackets <= packets.length; i += framePackets) {
    const t = performance.now();
    wasm.decodeFrames(packets.slice(i, i + framePackets).map((p) => new Uint8Array(p)));
    wasmMs.push(performance.now() - t);
    await pace(100);
  }
  wasm.free();
  return {
    userAgent: navigator.userAgent,
    encodeChunk: stats(encodeMs),
    decodeWebCodecs: stats(webCodecsMs),
    decodeWasm: stats(wasmMs),
  };
}
