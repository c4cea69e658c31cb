/**
 * Worker thread that runs Moonshine for {@link MoonshineWorker}: onnxruntime computes on the
 * thread that calls it (its WebAssembly build wholly, the native one while the call runs), which
 * in the main thread would stall every conversation's audio. One read at a time, in order (the model queues them). Bundled as
 * its own entry: `dist/moonshine-worker.js`, beside `dist/main.js`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadMoonshineRuntime, MoonshineModel } from './moonshine-model.ts';
import type {
  MoonshineJob,
  MoonshineWorkerData,
  MoonshineWorkerReply,
} from './moonshine-protocol.ts';

const port = parentPort;
if (!port) throw new Error('moonshine-worker must run in a worker thread');

const reply = (message: MoonshineWorkerReply) => port.postMessage(message);
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

const startedAt = performance.now();
const { modelDir, runtime } = (workerData ?? {}) as MoonshineWorkerData;
const loaded = loadMoonshineRuntime(runtime);
const loading = loaded.then((r) => MoonshineModel.load(modelDir, r.runtime));
Promise.all([loaded, loading]).then(
  ([{ name, nativeError }]) =>
    reply({
      type: 'ready',
      loadMs: Math.round(performance.now() - startedAt),
      runtime: name,
      ...(nativeError === undefined ? {} : { nativeError }),
    }),
  (error: unknown) => reply({ type: 'error', id: null, message: message(error) }),
);

port.on('message', (job: MoonshineJob) => {
  if (job.type === 'close') {
    // The model's queue ends first (model.close awaits it); the thread then has nothing left.
    void loading
      .then((model) => model.close())
      .catch(() => undefined)
      .finally(() => port.close());
    return;
  }
  const at = performance.now();
  loading
    .then((model) => model.transcribe(job.audio))
    .then(
      (text) => reply({ type: 'text', id: job.id, text, ms: Math.round(performance.now() - at) }),
      (error: unknown) => reply({ type: 'error', id: job.id, message: message(error) }),
    );
});
