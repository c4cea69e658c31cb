import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A process the lane started, stopped by its own id when the lane ends. */
export interface Started {
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

function started(child: ChildProcess): Started {
  return {
    child,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * A virtual X display for a browser that wants one (WebKitGTK's MiniBrowser): `ENGINES_DISPLAY`
 * (e.g. `:113`) when set, else the first free display, which Xvfb picks and writes to a pipe
 * (`-displayfd`): two lanes on one machine never collide.
 */
export async function startXvfb(): Promise<{ display: string; process: Started }> {
  const wanted = process.env.ENGINES_DISPLAY;
  const args = ['-screen', '0', '1280x900x24', '-nolisten', 'tcp'];
  const child = wanted
    ? spawn('Xvfb', [wanted, ...args], { stdio: 'ignore' })
    : spawn('Xvfb', ['-displayfd', '3', ...args], {
        stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
      });
  const failed = new Promise<never>((_, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`Xvfb exited (${code ?? 'signal'})`)));
  });
  const display = wanted
    ? Promise.resolve(wanted)
    : new Promise<string>((resolve) => {
        let out = '';
        child.stdio[3]?.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('\n')) resolve(`:${out.trim()}`);
        });
      });
  const name = await Promise.race([display, failed]);
  // A display named by the caller is ready once its socket exists; Xvfb makes it at once.
  if (wanted) await new Promise((r) => setTimeout(r, 300));
  return { display: name, process: started(child) };
}

/** A free loopback port, or `ENGINES_PORT` + `offset` when the caller fixed a range. */
export async function freePort(offset: number): Promise<number> {
  const base = Number(process.env.ENGINES_PORT);
  if (Number.isInteger(base) && base > 0) return base + offset;
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts `command` and waits until `url` answers (a driver's status endpoint). */
export async function startServer(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  url: string,
): Promise<Started> {
  const child = spawn(command, args, { env, stdio: 'ignore' });
  const proc = started(child);
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`${command} exited (${child.exitCode})`);
    const up = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return proc;
    await new Promise((r) => setTimeout(r, 50));
  }
  await proc.stop();
  throw new Error(`${command} did not answer at ${url}`);
}
