/**
 * Worker thread that runs Flite (compiled to WASI) for {@link FliteTts}, one job at a time; the
 * main thread queues. It imports only its own folder's helpers, so it bundles as its own entry:
 * `relay/src/providers/embedded/flite/flite-worker.ts` → `dist/flite-worker.js`, beside `dist/main.js`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { FliteJob, FliteWorkerData, FliteWorkerReply } from './flite-protocol.ts';
import { MemWasi } from './wasi-memfs.ts';
import { wasm, type WasmInstance } from './wasm.ts';

const port = parentPort;
if (!port) throw new Error('flite-worker must run in a worker thread');
const { module } = workerData as FliteWorkerData;

function reply(message: FliteWorkerReply, transfer: ArrayBuffer[] = []): void {
  port?.postMessage(message, transfer);
}

/** Samples of the first 16-bit PCM `data` chunk; Flite writes canonical mono WAV files. */
function pcm16FromWav(bytes: Uint8Array): { samples: Int16Array; sampleRateHz: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (offset: number) => String.fromCharCode(...bytes.subarray(offset, offset + 4));
  if (bytes.length < 12 || tag(0) !== 'RIFF') throw new Error('Flite wrote no WAV file');
  let offset = 12;
  let sampleRateHz = 0;
  let bits = 0;
  let channels = 0;
  while (offset + 8 <= bytes.length) {
    const id = tag(offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      channels = view.getUint16(body + 2, true);
      sampleRateHz = view.getUint32(body + 4, true);
      bits = view.getUint16(body + 14, true);
    } else if (id === 'data') {
      if (bits !== 16 || channels !== 1)
        throw new Error(`Flite wrote ${bits}-bit ${channels}-channel audio`);
      const samples = new Int16Array(Math.floor((Math.min(bytes.length, body + size) - body) / 2));
      for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(body + i * 2, true);
      return { samples, sampleRateHz };
    }
    offset = body + size + (size % 2);
  }
  throw new Error('Flite WAV file has no data chunk');
}

interface Spare {
  wasi: MemWasi;
  instance: WasmInstance;
}

/**
 * An instance made ahead of its job. Instantiating copies Flite's ~20 MB of data into a fresh
 * memory: ~65 ms, against ~10 ms to synthesise a short sentence. Made while the worker is idle
 * (after each job, and before the worker says it is ready), so a job finds one waiting and its
 * first audio does not pay for it.
 */
function prepare(): Promise<Spare> {
  const wasi = new MemWasi({ preopen: '/out' });
  const made = wasm
    .instantiate(module, wasi.getImportObject())
    .then((instance) => ({ wasi, instance }));
  made.catch(() => undefined); // reported by the job that takes it
  return made;
}
let spare = prepare();

async function synthesize(job: FliteJob): Promise<void> {
  try {
    run(job, await spare);
  } finally {
    // Each instance runs once: the next job's is made now, while this worker is idle.
    spare = prepare();
  }
}

function run(job: FliteJob, { wasi, instance }: Spare): void {
  const started = performance.now();
  // The text is one argv element after `-t`, which Flite always takes verbatim as the text, even
  // when it looks like an option ("--help", "-o x"). Output goes to an in-memory file.
  const stretch =
    job.durationStretch === 1
      ? []
      : ['--setf', `duration_stretch=${job.durationStretch.toFixed(3)}`];
  const args = ['flite', '-voice', job.voice, ...stretch, '-t', job.text, '-o', '/out/o.wav'];
  const code = wasi.start(instance, args);
  if (code !== 0)
    throw new Error(`Flite exited with code ${code}: ${wasi.printed.trim().slice(-500)}`);
  const wav = wasi.file('o.wav');
  if (!wav) throw new Error(`Flite wrote no audio: ${wasi.printed.trim().slice(-500)}`);
  const { samples, sampleRateHz } = pcm16FromWav(wav);
  reply(
    { type: 'audio', id: job.id, samples, sampleRateHz, synthMs: performance.now() - started },
    [samples.buffer as ArrayBuffer],
  );
}

// The pool sends one job at a time; chaining keeps them sequential regardless.
let previous: Promise<void> = Promise.resolve();
port.on('message', (job: FliteJob) => {
  previous = previous.then(() =>
    synthesize(job).catch((error: unknown) => {
      reply({
        type: 'error',
        id: job.id,
        message: error instanceof Error ? error.message : String(error),
      });
    }),
  );
});
// Ready once the first job's instance is made.
void spare.finally(() => reply({ type: 'ready' }));
