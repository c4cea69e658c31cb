import type { SileroLoadTimings } from './silero-model.ts';
import type { FromSileroWorker, ToSileroWorker } from './silero-worker-protocol.ts';
import type { SpeechModel } from './vad.ts';

/** An answer the page waits for, in the order the questions went. */
interface Waiting {
  resolve(m: FromSileroWorker): void;
  reject(err: Error): void;
}

/**
 * Silero v5 run in a worker (silero-worker.ts), seen from the page as a {@link SpeechModel}:
 * frames go in order and their probabilities come back in order. A worker that fails fails
 * every question still waiting.
 */
class WorkerSpeechModel implements SpeechModel {
  private readonly waiting: Waiting[] = [];

  constructor(private readonly worker: Worker) {
    worker.onmessage = (event: MessageEvent<FromSileroWorker>) => {
      const m = event.data;
      const next = this.waiting.shift();
      if (m.type === 'failed') next?.reject(new Error(m.message));
      else next?.resolve(m);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      this.failAll(new Error(event.message || 'The voice model’s worker failed.'));
    };
  }

  /** Sends `m` and waits for its answer. */
  ask(m: ToSileroWorker, transfer: Transferable[] = []): Promise<FromSileroWorker> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.worker.postMessage(m, transfer);
    });
  }

  async process(frame: Float32Array): Promise<number> {
    // A copy: the frame processor keeps the frames of a segment it is in.
    const copy = frame.slice();
    const answer = await this.ask({ type: 'process', frame: copy }, [copy.buffer]);
    return answer.type === 'probability' ? answer.value : 0;
  }

  reset(): void {
    this.worker.postMessage({ type: 'reset' } satisfies ToSileroWorker);
  }

  async release(): Promise<void> {
    await this.ask({ type: 'release' }).catch(() => undefined);
    this.worker.terminate();
    this.failAll(new Error('The voice model was released.'));
  }

  private failAll(err: Error): void {
    for (const w of this.waiting.splice(0)) w.reject(err);
  }
}

/**
 * Loads Silero v5 in a worker of its own (see silero-worker.ts), from `assetBaseUrl` (absolute,
 * ending in `/`). Rejects when the worker cannot start or load the model.
 */
export async function loadSileroInWorker(
  assetBaseUrl: string,
): Promise<{ model: SpeechModel; timings: SileroLoadTimings }> {
  const worker = new Worker(new URL('./silero-worker.ts', import.meta.url), { type: 'module' });
  const model = new WorkerSpeechModel(worker);
  try {
    const answer = await model.ask({ type: 'load', assetBaseUrl });
    if (answer.type !== 'loaded') throw new Error(`The voice model answered ${answer.type}.`);
    return { model, timings: answer.timings };
  } catch (err) {
    worker.terminate();
    throw err;
  }
}
