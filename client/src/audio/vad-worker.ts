/// <reference lib="webworker" />
/**
 * The voice activity detector in a worker of its own: onnxruntime compiles its 14 MB
 * WebAssembly and builds the session here, not on the page's thread (where a click, a
 * WebSocket's hello and every deadline would wait behind it), and every 32 ms frame's inference
 * and the speech decisions run here too, with no round trip per frame
 * (docs/decisions.md#the-voice-activity-detector-runs-whole-in-a-worker). The page posts audio
 * and gets events back (see worker-vad.ts).
 */
import './zod-config.ts';
import { loadSileroV5 } from './silero-model.ts';
import { VoiceActivityDetector } from './vad.ts';
import type { FromVadWorker, ToVadWorker } from './vad-worker-protocol.ts';

declare const self: DedicatedWorkerGlobalScope;

const STATS_EVERY_MS = 500;

let vad: VoiceActivityDetector | null = null;
let epoch = 0;
/** Audio that came while the model was loading (the page waits for `loaded`: normally none). */
const early: ToVadWorker[] = [];

const post = (m: FromVadWorker) => self.postMessage(m);
const stats = () => {
  if (vad)
    post({
      type: 'stats',
      framesProcessed: vad.framesProcessed,
      maxPendingFrames: vad.maxPendingFrames,
    });
};

async function load(m: Extract<ToVadWorker, { type: 'load' }>): Promise<void> {
  const { model, timings } = await loadSileroV5(m.assetBaseUrl);
  vad = new VoiceActivityDetector(model, {
    ...m.options,
    emitFrames: m.emitFrames,
    includeAudio: m.includeAudio,
    onEvent: (event) => post({ type: 'event', epoch, event }),
    onError: (err) =>
      post({ type: 'error', message: err instanceof Error ? err.message : String(err) }),
  });
  post({ type: 'loaded', timings, settings: { ...vad.settings } });
  setInterval(stats, STATS_EVERY_MS);
  for (const m of early.splice(0)) handle(m);
}

function handle(m: ToVadWorker): void {
  if (m.type === 'load') {
    load(m).catch((err: unknown) =>
      post({ type: 'error', message: err instanceof Error ? err.message : String(err) }),
    );
    return;
  }
  if (!vad) {
    early.push(m);
    return;
  }
  switch (m.type) {
    case 'push':
      vad.push(m.samples, m.firstSample);
      return;
    case 'reset':
      epoch = m.epoch;
      vad.reset();
      return;
    case 'end-segment':
      vad.endSegment();
      return;
    case 'options':
      vad.setOptions(m.update);
      return;
    case 'close':
      void vad.close().finally(() => post({ type: 'closed' }));
      return;
  }
}

self.onmessage = (event: MessageEvent<ToVadWorker>) => handle(event.data);
