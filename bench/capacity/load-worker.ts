/**
 * A load-generator thread: connects its share of the simulated clients (a TalkClient each,
 * one user each) and runs a {@link Talker} on every one; reports per measurement window.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { seededRandom } from '@parley/shared';
import { TalkClient } from '../../relay/src/talk/client.ts';
import { Talker, type TalkerRecorder } from './talker.ts';
import type { FromWorker, ToWorker, WorkerInit, WorkerWindow } from './worker-protocol.ts';

const init = workerData as WorkerInit;
const port = parentPort;
if (!port) throw new Error('load-worker.ts runs as a worker thread');
const post = (m: FromWorker) => port.postMessage(m);
const random = seededRandom(init.seed);

const eld = monitorEventLoopDelay({ resolution: 10 });
eld.enable();

/** Counters of the current window. */
class WindowRecorder implements TalkerRecorder {
  private eosToAudioMs: number[] = [];
  private relayEosToAudioMs: number[] = [];
  private completed = 0;
  private failures = 0;
  private chunks = 0;
  totalChunks = 0;
  private streams = 0;
  private streamMs = 0;
  private lastChange = performance.now();
  private startedAt = performance.now();
  readonly errors: Record<string, number> = {};

  chunkSent(): void {
    this.chunks++;
    this.totalChunks++;
  }

  streaming(delta: 1 | -1): void {
    const t = performance.now();
    this.streamMs += this.streams * (t - this.lastChange);
    this.lastChange = t;
    this.streams += delta;
  }

  answered(ms: number, relayMs: number | undefined): void {
    this.completed++;
    this.eosToAudioMs.push(ms);
    if (relayMs !== undefined) this.relayEosToAudioMs.push(relayMs);
  }

  failed(status: string): void {
    this.failures++;
    this.errors[`turn ${status}`] = (this.errors[`turn ${status}`] ?? 0) + 1;
  }

  error(code: string): void {
    this.errors[code] = (this.errors[code] ?? 0) + 1;
  }

  reset(): void {
    this.streaming(1);
    this.streaming(-1);
    this.eosToAudioMs = [];
    this.relayEosToAudioMs = [];
    this.completed = this.failures = this.chunks = 0;
    this.streamMs = 0;
    this.startedAt = performance.now();
    for (const k of Object.keys(this.errors)) this.errors[k] = 0;
    eld.reset();
  }

  window(): WorkerWindow {
    this.streaming(1);
    this.streaming(-1);
    return {
      eosToAudioMs: this.eosToAudioMs,
      relayEosToAudioMs: this.relayEosToAudioMs,
      turnsCompleted: this.completed,
      turnsFailed: this.failures,
      errors: Object.fromEntries(Object.entries(this.errors).filter(([, n]) => n > 0)),
      chunksSent: this.chunks,
      streamsAvg: this.streamMs / Math.max(1, performance.now() - this.startedAt),
      generatorDelayP99Ms: Math.round(eld.percentile(99) / 1e4) / 100,
    };
  }
}

const recorder = new WindowRecorder();
// One client's failure must not end the thread (and its hundreds of clients): it is counted.
process.on('uncaughtException', (err) => recorder.error(`uncaught: ${err.message}`));
const clients: TalkClient[] = [];
const talkers: Talker[] = [];
const runs: Promise<void>[] = [];

async function connectAll(): Promise<void> {
  let next = 0;
  let failed = 0;
  const failures: string[] = [];
  const lane = async () => {
    while (next < init.tokens.length) {
      const token = init.tokens[next++];
      try {
        const client = await TalkClient.connect(init.wsUrl, {
          ...(token === undefined ? {} : { token }),
          handshakeTimeoutMs: 30_000,
          outputSampleRateHz: init.outputSampleRateHz,
          codec: init.codec,
        });
        clients.push(client);
        const talker = new Talker(client, recorder, random);
        talkers.push(talker);
      } catch (err) {
        failed++;
        if (failures.length < 5) failures.push(err instanceof Error ? err.message : String(err));
      }
    }
  };
  await Promise.all(Array.from({ length: init.connectConcurrency }, lane));
  // Everyone connects first, then talks (each from a random point of its first cycle): the
  // ramp measures connecting, not connecting to a relay already saturated by the first ones.
  for (const t of talkers) runs.push(t.run());
  post({ type: 'connected', ok: clients.length, failed, failures });
}

port.on('message', (m: ToWorker) => {
  switch (m.type) {
    case 'window.start':
      for (const c of clients) c.errors.length = 0;
      recorder.reset();
      return;
    case 'window.end':
      for (const c of clients) for (const e of c.errors.splice(0)) recorder.error(e.code);
      post({ type: 'window', window: recorder.window() });
      return;
    case 'stop':
      for (const t of talkers) t.stop();
      post({
        type: 'stopped',
        totals: {
          chunksSent: recorder.totalChunks,
          lostChunks: clients.reduce((n, c) => n + c.connection.lostChunks, 0),
          reconnects: clients.reduce((n, c) => n + c.connection.reconnects, 0),
          resumed: clients.filter((c) => c.connection.resumes > 0).length,
          offline: clients.filter((c) => c.states.at(-1)?.kind === 'offline').length,
        },
      });
      return;
    case 'close':
      for (const c of clients) c.close();
      void Promise.race([Promise.allSettled(runs), new Promise((r) => setTimeout(r, 2000))]).then(
        () => {
          post({ type: 'closed' });
          port.close();
        },
      );
      return;
  }
});

void connectAll();
