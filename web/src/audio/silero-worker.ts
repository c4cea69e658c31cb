/// <reference lib="webworker" />
/**
 * The VAD's model in a worker of its own: onnxruntime compiles its 14 MB WebAssembly and builds
 * the session here, which held the page's thread for seconds on a slow or busy device (a click,
 * a WebSocket's hello and every deadline waited behind it), and every 32 ms frame's inference
 * runs here too. Messages are handled one at a time, in order.
 */
import type { SpeechModel } from './vad.ts';
import type { FromSileroWorker, ToSileroWorker } from './silero-worker-protocol.ts';
import { loadSileroV5 } from './silero-model.ts';

declare const self: DedicatedWorkerGlobalScope;

let model: SpeechModel | null = null;
let chain: Promise<void> = Promise.resolve();

const reply = (m: FromSileroWorker) => self.postMessage(m);

async function handle(m: ToSileroWorker): Promise<void> {
  switch (m.type) {
    case 'load': {
      const loaded = await loadSileroV5(m.assetBaseUrl);
      model = loaded.model;
      reply({ type: 'loaded', timings: loaded.timings });
      return;
    }
    case 'process':
      if (!model) throw new Error('The voice model is not loaded.');
      reply({ type: 'probability', value: await model.process(m.frame) });
      return;
    case 'reset':
      model?.reset();
      return;
    case 'release':
      await model?.release();
      model = null;
      reply({ type: 'released' });
      return;
  }
}

self.onmessage = (event: MessageEvent<ToSileroWorker>) => {
  const m = event.data;
  chain = chain.then(() =>
    handle(m).catch((err: unknown) =>
      reply({ type: 'failed', message: err instanceof Error ? err.message : String(err) }),
    ),
  );
};
