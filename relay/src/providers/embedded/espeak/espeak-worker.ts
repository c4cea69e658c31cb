/**
 * Worker thread that runs eSpeak NG (compiled to WebAssembly, `@echogarden/espeak-ng-emscripten`)
 * for {@link EspeakTts}, one job at a time; the main thread queues. Its audio goes out block by
 * block as eSpeak makes it, so a sentence's first audio does not wait for its end. It imports
 * only its own folder's types, so it bundles as its own entry:
 * `relay/src/providers/embedded/espeak/espeak-worker.ts` → `dist/espeak-worker.js`.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import type { EspeakJob, EspeakWorkerData, EspeakWorkerReply } from './espeak-protocol.ts';

/** The slice of the Emscripten module's WebIDL binding that the relay uses. */
interface EspeakEngine {
  set_voice(name: string): number;
  set_rate(wordsPerMinute: number): number;
  get_samplerate(): number;
  /** Calls `onAudio` per block of audio; returning true stops the synthesis. */
  synthesize(
    text: string,
    onAudio: (samples: Int16Array | null, events: unknown[]) => boolean,
  ): void;
}
type EspeakModule = { eSpeakNGWorker: new () => EspeakEngine };

const port = parentPort;
if (!port) throw new Error('espeak-worker must run in a worker thread');
const cancelled = new Int32Array((workerData as EspeakWorkerData).cancelled);

function reply(message: EspeakWorkerReply, transfer: ArrayBuffer[] = []): void {
  port?.postMessage(message, transfer);
}

/**
 * The package is an ES module that finds its data file beside itself (`import.meta.url`): it is
 * imported from where it is installed, never bundled.
 */
async function load(): Promise<EspeakEngine> {
  const path = createRequire(import.meta.url).resolve('@echogarden/espeak-ng-emscripten');
  const imported = (await import(pathToFileURL(path).href)) as {
    default: () => Promise<EspeakModule>;
  };
  const module = await imported.default();
  return new module.eSpeakNGWorker();
}

function run(engine: EspeakEngine, job: EspeakJob): void {
  const started = performance.now();
  const code = engine.set_voice(job.voice);
  if (code !== 0) throw new Error(`eSpeak NG has no voice "${job.voice}" (code ${code})`);
  engine.set_rate(job.wordsPerMinute);
  engine.synthesize(job.text, (samples) => {
    if (samples && samples.length > 0) {
      const copy = new Int16Array(samples);
      reply({ type: 'audio', id: job.id, samples: copy }, [copy.buffer]);
    }
    return Atomics.load(cancelled, 0) === job.id;
  });
  reply({ type: 'done', id: job.id, synthMs: performance.now() - started });
}

const engine = load();
engine.then(
  (e) => reply({ type: 'ready', sampleRateHz: e.get_samplerate() }),
  // The pool learns of it from the exit: an engine that cannot load takes no job.
  (error: unknown) => {
    throw error;
  },
);

// The pool sends one job at a time; chaining keeps them sequential regardless.
let previous: Promise<void> = Promise.resolve();
port.on('message', (job: EspeakJob) => {
  previous = previous.then(async () => {
    try {
      run(await engine, job);
    } catch (error) {
      reply({
        type: 'error',
        id: job.id,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  });
});
