import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { CHUNK_SAMPLES, FRAME_HEADER_BYTES } from '@parley/shared';
import type { BareWsMark, FromBareWs, ToBareWs } from './bare-ws-ipc.ts';
import { median, round } from './stats.ts';

const MAIN = fileURLToPath(new URL('./bare-ws-main.ts', import.meta.url));

/** A microphone frame as our clients send it: header + 100 ms of PCM16 (3,220 bytes). */
const CALIBRATION_FRAME_BYTES = FRAME_HEADER_BYTES + CHUNK_SAMPLES * 2;

export interface CalibrationOptions {
  /** Clients, each sending one frame every 100 ms. */
  clients: number;
  warmupS: number;
  /** Measured windows (the figure is their median) and the length of each. */
  windows: number;
  windowS: number;
}

/** What a bare `ws` server costs on this host: the floor under any relay on Node and `ws`. */
export interface HostCalibration {
  clients: number;
  /** The server process's CPU (user + system) per frame received (µs), median of the windows. */
  cpuPerFrameUs: number;
  /** The same per window. */
  windowsUs: number[];
  /** The server process's CPU over the windows, in % of one core. */
  cpuPercent: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Measures the CPU a bare `ws` server (its own process, `bare-ws-main.ts`) spends per
 * microphone-sized binary frame, with `clients` clients sending real-time 100 ms frames over
 * loopback from this process. The figure says how fast this host is for exactly the work every
 * relay must do, so capacity figures from different hosts can be compared.
 */
export async function calibrateHost(o: CalibrationOptions): Promise<HostCalibration> {
  const child = fork(MAIN, [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const replies: ((m: FromBareWs) => void)[] = [];
  child.on('message', (m: FromBareWs) => replies.shift()?.(m));
  const next = () => new Promise<FromBareWs>((resolve) => replies.push(resolve));
  const sockets: WebSocket[] = [];
  const timers: NodeJS.Timeout[] = [];
  try {
    const ready = await Promise.race([
      next(),
      new Promise<never>((_, reject) =>
        child.once('exit', (code) => reject(new Error(`bare ws server exited (${code})`))),
      ),
    ]);
    if (ready.type !== 'ready') throw new Error('bare ws server: no port');
    const mark = async (): Promise<BareWsMark> => {
      const reply = next();
      child.send({ type: 'mark' } satisfies ToBareWs);
      const m = await reply;
      if (m.type !== 'mark') throw new Error('bare ws server: unexpected reply');
      return m.mark;
    };
    const frame = Buffer.alloc(CALIBRATION_FRAME_BYTES, 7);
    for (let i = 0; i < o.clients; i++) {
      const ws = new WebSocket(`ws://127.0.0.1:${ready.port}/`, { perMessageDeflate: false });
      await new Promise<void>((resolve, reject) => {
        ws.once('open', resolve);
        ws.once('error', reject);
      });
      sockets.push(ws);
      // Spread over the 100 ms period, as talkers are.
      const start = setTimeout(
        () => timers.push(setInterval(() => ws.send(frame), 100)),
        (100 * i) / o.clients,
      );
      timers.push(start);
    }
    await sleep(o.warmupS * 1000);
    const windowsUs: number[] = [];
    const first = await mark();
    const t0 = performance.now();
    let last = first;
    for (let w = 0; w < o.windows; w++) {
      await sleep(o.windowS * 1000);
      const m = await mark();
      const frames = m.messages - last.messages;
      windowsUs.push(frames > 0 ? round((m.cpuUs - last.cpuUs) / frames) : NaN);
      last = m;
    }
    const wallMs = performance.now() - t0;
    return {
      clients: o.clients,
      cpuPerFrameUs: median(windowsUs),
      windowsUs,
      cpuPercent: round((last.cpuUs - first.cpuUs) / wallMs / 10),
    };
  } finally {
    for (const t of timers) clearInterval(t);
    for (const ws of sockets) ws.terminate();
    if (child.connected) child.send({ type: 'stop' } satisfies ToBareWs);
    child.kill();
  }
}
