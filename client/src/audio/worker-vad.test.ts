import { describe, expect, it } from 'vitest';
import type { ModuleWorker, WorkerStarter } from './module-worker.ts';
import type { VadEvent } from './vad.ts';
import type { FromVadWorker, ToVadWorker } from './vad-worker-protocol.ts';
import { WorkerVad } from './worker-vad.ts';

/** The voice detector's worker, faked: it answers `load` as `answer` says, and records. */
class FakeVadWorker implements ModuleWorker {
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  readonly posted: ToVadWorker[] = [];
  terminated = false;
  constructor(
    readonly url: string | URL,
    private readonly answer: 'loaded' | 'fails to start',
  ) {}

  postMessage(m: ToVadWorker): void {
    this.posted.push(m);
    if (m.type !== 'load') return;
    queueMicrotask(() => {
      if (this.answer === 'fails to start') {
        // Node has no ErrorEvent: an Event with its fields.
        const failed = Object.assign(new Event('error', { cancelable: true }), {
          message: 'no such script',
          filename: String(this.url),
          lineno: 0,
          colno: 0,
          error: null,
        });
        this.onerror?.(failed);
        return;
      }
      this.says({
        type: 'loaded',
        timings: { modelFetchMs: 1, sessionMs: 2, warmUpMs: 3 },
        settings: m.options,
      });
    });
  }

  says(m: FromVadWorker): void {
    this.onmessage?.(new MessageEvent('message', { data: m }));
  }

  terminate(): void {
    this.terminated = true;
  }
}

/** A page at `pageUrl` whose workers are fakes answering `answer`. */
function page(pageUrl: string, answer: 'loaded' | 'fails to start' = 'loaded') {
  const workers: FakeVadWorker[] = [];
  const revoked: string[] = [];
  const starter: WorkerStarter = {
    Worker: class extends FakeVadWorker {
      constructor(url: string | URL) {
        super(url, answer);
        workers.push(this);
      }
    },
    pageUrl,
    createObjectURL: () => 'blob:https://shop.example/1',
    revokeObjectURL: (url) => revoked.push(url),
  };
  return { starter, workers, revoked };
}

const ASSETS = 'https://relay.example/vad/';

describe('WorkerVad.load', () => {
  it('starts the worker as a module, loads the model from the asset folder, and relays its events', async () => {
    const { starter, workers } = page('https://relay.example/');
    const events: VadEvent[] = [];
    const vad = await WorkerVad.load(
      { onEvent: (e) => events.push(e), redemptionMs: 700, emitFrames: true },
      ASSETS,
      starter,
    );
    const [worker] = workers;
    expect(workers).toHaveLength(1);
    expect(new URL(String(worker?.url)).origin).toBe('https://relay.example');
    expect(String(worker?.url)).toContain('vad-worker');
    expect(worker?.posted[0]).toMatchObject({
      type: 'load',
      assetBaseUrl: ASSETS,
      emitFrames: true,
      includeAudio: false,
    });
    expect(vad.settings.redemptionMs).toBe(700);
    expect(vad.loadTimings).toEqual({ importMs: 0, modelFetchMs: 1, sessionMs: 2, warmUpMs: 3 });

    // Events of the current epoch reach the call; those of a stream before a reset do not.
    worker?.says({
      type: 'event',
      epoch: 0,
      event: { type: 'frame', startSample: 0, probability: 0.9 },
    });
    vad.reset();
    worker?.says({
      type: 'event',
      epoch: 0,
      event: { type: 'frame', startSample: 512, probability: 0.9 },
    });
    worker?.says({
      type: 'event',
      epoch: 1,
      event: { type: 'frame', startSample: 0, probability: 0.1 },
    });
    expect(events).toEqual([
      { type: 'frame', startSample: 0, probability: 0.9 },
      { type: 'frame', startSample: 0, probability: 0.1 },
    ]);
  });

  it('rejects, and ends the worker, when it cannot start (the call then runs the detector in the page)', async () => {
    const { starter, workers } = page('https://relay.example/', 'fails to start');
    await expect(WorkerVad.load({ onEvent: () => undefined }, ASSETS, starter)).rejects.toThrow(
      'no such script',
    );
    expect(workers[0]?.terminated).toBe(true);
  });
});
