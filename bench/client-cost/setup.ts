/** What a client-cost run needs around the browser: a fresh build and a relay serving it. */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** Newest modification time (ms) of the files under `paths` (relative to `root`). */
function newest(root: string, paths: string[]): number {
  let t = 0;
  for (const p of paths.map((x) => join(root, x))) {
    if (!existsSync(p)) continue;
    const s = statSync(p);
    if (!s.isDirectory()) t = Math.max(t, s.mtimeMs);
    else
      for (const e of readdirSync(p, { recursive: true, withFileTypes: true }))
        if (e.isFile()) t = Math.max(t, statSync(join(e.parentPath, e.name)).mtimeMs);
  }
  return t;
}

/**
 * Runs `pnpm run build` when relay/dist (or, with `web`, web/dist; with `widget`, the widget's
 * loader and call in widget/dist) is missing or older than its sources.
 */
export function ensureBuild(root: string, web = true, widget = false): void {
  const built = (f: string) => (existsSync(join(root, f)) ? statSync(join(root, f)).mtimeMs : 0);
  const stale = [
    web &&
    built('web/dist/index.html') <
      newest(root, [
        'web/src',
        'web/index.html',
        'web/vite',
        'web/vite.config.ts',
        'client/src',
        'client/vite',
        'shared/src',
      ])
      ? 'web/dist'
      : null,
    built('relay/dist/main.js') < newest(root, ['relay/src', 'shared/src']) ? 'relay/dist' : null,
    widget &&
    built('widget/dist/widget-call.js') <
      newest(root, [
        'widget/src',
        'widget/build.mjs',
        'widget/vite.call.config.ts',
        'client/src',
        'client/vite',
        'shared/src',
      ])
      ? 'widget/dist'
      : null,
  ].filter((x) => x !== null);
  if (stale.length === 0) return;
  console.log(`${stale.join(' and ')} missing or older than the sources: pnpm run build`);
  execFileSync('pnpm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

/**
 * Starts the built relay (embedded providers, unless `env` says otherwise) serving `webDist`, on
 * a free loopback port.
 */
export async function startRelay(
  root: string,
  webDist: string,
  dataDir: string,
  env: Record<string, string> = {},
): Promise<{ url: string; stop(): void }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['relay/dist/main.js'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: process.env.BENCH_RELAY_LOG ?? 'warn',
      DATA_DIR: dataDir,
      WEB_DIST: webDist,
      ...env,
    },
    stdio: ['ignore', process.env.BENCH_RELAY_LOG ? 'inherit' : 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`the relay exited (${child.exitCode})`);
    const up = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return { url, stop: () => child.kill('SIGTERM') };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('the relay did not start');
}
