/**
 * Worker thread that runs Flite (compiled to WASI) for {@link FliteTts}. One job at a time; the
 * main thread queues. Self-contained (node built-ins only) so it can be bundled as its own entry:
 * `relay/src/providers/tts/flite-worker.ts` → `dist/flite-worker.js`, beside `dist/main.js`.
 */
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { wasm } from './wasm.ts';
import type { FliteJob, FliteWorkerData, FliteWorkerReply } from './flite-protocol.ts';

const port = parentPort;
if (!port) throw new Error('flite-worker must run in a worker thread');
const { module, dir } = workerData as FliteWorkerData;

// node:wasi prints an ExperimentalWarning on load; it is expected here, so keep it off the logs.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  if (String(warning).includes('WASI')) return;
  (emitWarning as (w: string | Error, ...r: unknown[]) => void)(warning, ...rest);
}) as typeof process.emitWarning;
// Loaded lazily rather than with top-level await, so that under tsx's CommonJS hook (how the
// .ts source runs in a worker during development) this file still compiles.
const wasiModule = import('node:wasi');

const outPath = join(dir, 'o.wav');
const logPath = join(dir, 'flite.log');

function reply(message: FliteWorkerReply, transfer: ArrayBuffer[] = []): void {
  port?.postMessage(message, transfer);
}

/** Samples of the first 16-bit PCM `data` chunk; Flite writes canonical mono WAV files. */
function pcm16FromWav(bytes: Buffer): { samples: Int16Array; sampleRateHz: number } {
  if (bytes.length < 12 || bytes.toString('latin1', 0, 4) !== 'RIFF') throw new Error('Flite wrote no WAV file');
  let offset = 12;
  let sampleRateHz = 0;
  let bits = 0;
  let channels = 0;
  while (offset + 8 <= bytes.length) {
    const id = bytes.toString('latin1', offset, offset + 4);
    const size = bytes.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      channels = bytes.readUInt16LE(body + 2);
      sampleRateHz = bytes.readUInt32LE(body + 4);
      bits = bytes.readUInt16LE(body + 14);
    } else if (id === 'data') {
      if (bits !== 16 || channels !== 1) throw new Error(`Flite wrote ${bits}-bit ${channels}-channel audio`);
      const end = Math.min(bytes.length, body + size);
      // Copy into a fresh, aligned buffer that can be transferred to the main thread.
      const samples = new Int16Array(Math.floor((end - body) / 2));
      for (let i = 0; i < samples.length; i++) samples[i] = bytes.readInt16LE(body + i * 2);
      return { samples, sampleRateHz };
    }
    offset = body + size + (size % 2);
  }
  throw new Error('Flite WAV file has no data chunk');
}

async function synthesize(job: FliteJob): Promise<void> {
  const started = performance.now();
  rmSync(outPath, { force: true });
  const logFd = openSync(logPath, 'w');
  try {
    const { WASI } = await wasiModule;
    const wasi = new WASI({
      version: 'preview1',
      // The text is one argv element after `-t`, which Flite always takes verbatim as the text,
      // even when it looks like an option ("--help", "-o x").
      args: ['flite', '-voice', job.voice, '-t', job.text, '-o', '/out/o.wav'],
      env: {},
      preopens: { '/out': dir },
      returnOnExit: true,
      stdout: logFd,
      stderr: logFd,
    });
    // Each WASI instance runs once; instantiating from the compiled module takes ~15 ms.
    const instance = await wasm.instantiate(module, wasi.getImportObject());
    const code = wasi.start(instance);
    if (code !== 0) {
      const log = readFileSync(logPath, 'utf8').trim().slice(-500);
      throw new Error(`Flite exited with code ${code}${log ? `: ${log}` : ''}`);
    }
    const { samples, sampleRateHz } = pcm16FromWav(readFileSync(outPath));
    reply(
      { type: 'audio', id: job.id, samples, sampleRateHz, synthMs: performance.now() - started },
      [samples.buffer as ArrayBuffer],
    );
  } finally {
    closeSync(logFd);
  }
}

// The pool sends one job at a time; chaining keeps jobs from sharing the output file regardless.
let previous: Promise<void> = Promise.resolve();
port.on('message', (job: FliteJob) => {
  previous = previous.then(() =>
    synthesize(job).catch((error: unknown) => {
      reply({ type: 'error', id: job.id, message: error instanceof Error ? error.message : String(error) });
    }),
  );
});
void wasiModule.then(() => reply({ type: 'ready' }));
