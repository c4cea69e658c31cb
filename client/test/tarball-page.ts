import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A site's page built on `@parley/client` from its packed tarball alone, as a site that installs
 * the package builds one (issue 64, item 1; docs/design/client-package.md §4 step 7): the
 * package built (when its build is older than its sources), `pnpm pack`, the tarball extracted
 * into a temporary folder's `node_modules/@parley/client/` with nothing else installed, the
 * page (tarball-page/) typechecked against the tarball's declarations and built by the
 * workspace's Vite with its default settings. The folder is under the system's temp directory:
 * nothing of the workspace's node_modules can be resolved from it.
 */

const CLIENT = fileURLToPath(new URL('../', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PAGE = fileURLToPath(new URL('tarball-page/', import.meta.url));

/** The page's TypeScript settings: strict, and the libraries' declarations checked too. */
const PAGE_TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'ESNext',
    moduleResolution: 'Bundler',
    lib: ['ES2023', 'DOM', 'DOM.Iterable'],
    strict: true,
    exactOptionalPropertyTypes: true,
    verbatimModuleSyntax: true,
    skipLibCheck: false,
    noEmit: true,
    types: [],
  },
  include: ['main.ts'],
};

/** What {@link buildTarballPage} made, and how long each step took (ms). */
export interface TarballPage {
  /** The page's folder (its sources, `node_modules/@parley/client/`, `dist/`). */
  dir: string;
  /** The built page: what a server serves. */
  dist: string;
  /** The extracted package. */
  packageDir: string;
  /** The tarball. */
  tarball: string;
  ms: { build: number; pack: number; typecheck: number; viteBuild: number };
}

/** Runs `command` in `cwd`; throws with its output when it fails. */
function run(command: string, args: string[], cwd: string): void {
  const done = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CI: '1' },
  });
  if (done.status !== 0)
    throw new Error(
      `${command} ${args.join(' ')} failed (${String(done.status)}):\n${done.stdout}${done.stderr}`,
    );
}

/** Milliseconds `step` took. */
function timed(step: () => void): number {
  const started = performance.now();
  step();
  return Math.round(performance.now() - started);
}

/** The newest modification time under `path` (a file or a folder, recursively). */
function newest(path: string): number {
  const info = statSync(path, { throwIfNoEntry: false });
  if (info === undefined) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  return Math.max(
    info.mtimeMs,
    ...readdirSync(path).map((name) => (name === 'node_modules' ? 0 : newest(join(path, name)))),
  );
}

/**
 * Builds the package (`pnpm build` in client/) unless `dist/` is newer than everything it is
 * built from: the test command builds first, a developer's run after an edit rebuilds.
 */
export function ensureClientBuilt(): number {
  const built = statSync(join(CLIENT, 'dist', 'index.d.ts'), { throwIfNoEntry: false });
  const sources = Math.max(
    ...['src', 'vite', 'vite.config.ts', 'package.json', 'tsconfig.dts.json'].map((p) =>
      newest(join(CLIENT, p)),
    ),
    newest(join(ROOT, 'shared', 'src')),
  );
  if (built !== undefined && built.mtimeMs > sources) return 0;
  return timed(() => run('pnpm', ['run', 'build'], CLIENT));
}

/** Packs the package into a new folder; the tarball's path. */
export function packClient(into: string): string {
  run('pnpm', ['pack', '--pack-destination', into], CLIENT);
  const tarball = readdirSync(into).find((f) => f.endsWith('.tgz'));
  if (tarball === undefined) throw new Error(`pnpm pack wrote no tarball in ${into}`);
  return join(into, tarball);
}

/** See the file's comment. */
export function buildTarballPage(): TarballPage {
  const build = ensureClientBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'parley-tarball-page-'));
  const packs = join(dir, '.packs');
  mkdirSync(packs);
  let tarball = '';
  const packageDir = join(dir, 'node_modules', '@parley', 'client');
  const pack = timed(() => {
    tarball = packClient(packs);
    run('tar', ['xzf', tarball, '-C', packs], dir);
    mkdirSync(join(dir, 'node_modules', '@parley'), { recursive: true });
    renameSync(join(packs, 'package'), packageDir);
  });

  for (const file of readdirSync(PAGE)) copyFileSync(join(PAGE, file), join(dir, file));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(PAGE_TSCONFIG, null, 2));
  // What the package's README asks of a site: its vad/ folder served where `assetBaseUrl` says.
  cpSync(join(packageDir, 'dist', 'vad'), join(dir, 'public', 'vad'), { recursive: true });

  const typecheck = timed(() => {
    run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], dir);
  });
  const viteBuild = timed(() => {
    run(process.execPath, [join(CLIENT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], dir);
  });
  return {
    dir,
    dist: join(dir, 'dist'),
    packageDir,
    tarball,
    ms: { build, pack, typecheck, viteBuild },
  };
}
