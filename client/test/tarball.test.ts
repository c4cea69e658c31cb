import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTarballPage, type TarballPage } from './tarball-page.ts';

// Issue 64, item 1: "a test that builds a page from the packed tarball alone". The package is
// packed, extracted into an empty folder's node_modules, and a page calling createParleyCall is
// typechecked against its declarations (no zod, no @parley/shared installed) and built by Vite
// with its defaults. What the page's build holds is what a site would serve.

/** The files of a folder, recursively, as paths relative to it. */
function filesIn(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesIn(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

describe('a page built from the packed tarball alone', () => {
  let page: TarballPage;

  beforeAll(() => {
    page = buildTarballPage();
    console.log(`tarball page (ms): ${JSON.stringify(page.ms)}`);
  }, 120_000);
  afterAll(() => {
    rmSync(page.dir, { recursive: true, force: true });
  });

  it('holds the built package only: no sources, no dependencies to install', () => {
    const files = filesIn(page.packageDir);
    expect(files).toContain('package.json');
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/index.d.ts');
    expect(
      files.filter((f) => !f.startsWith('dist/') && f !== 'package.json' && f !== 'README.md'),
    ).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(page.packageDir, 'package.json'), 'utf8')) as {
      exports: unknown;
      dependencies?: unknown;
      peerDependencies?: unknown;
    };
    expect(manifest.exports).toEqual({
      '.': { types: './dist/index.d.ts', import: './dist/index.js' },
    });
    expect(manifest.dependencies).toBeUndefined();
    expect(manifest.peerDependencies).toBeUndefined();
    // The declarations stand alone: zod's and the private @parley/shared's types are flattened.
    const dts = readFileSync(join(page.packageDir, 'dist', 'index.d.ts'), 'utf8');
    expect(dts).toMatch(/export declare function createParleyCall\(/);
    expect(dts).not.toMatch(/from ["'](zod|@parley\/shared)["']/);
  });

  it('builds the worklets and the voice detector’s worker as files, not data: URLs', () => {
    const assets = filesIn(join(page.dist, 'assets'));
    for (const name of ['capture-worklet', 'playback-worklet', 'vad-worker'])
      expect(
        assets.filter((f) => f.startsWith(name) && f.endsWith('.js')),
        name,
      ).toHaveLength(1);
    const scripts = assets.filter((f) => f.endsWith('.js'));
    for (const file of scripts) {
      const code = readFileSync(join(page.dist, 'assets', file), 'utf8');
      expect(code, file).not.toMatch(/data:(text|application)\/javascript/);
    }
    // The worker is copied as a plain file (not bundled again): it must need no sibling chunk.
    const worker = scripts.find((f) => f.startsWith('vad-worker')) ?? '';
    const workerCode = readFileSync(join(page.dist, 'assets', worker), 'utf8');
    expect(workerCode).not.toMatch(/(\bfrom\s*|\bimport\s*\(?\s*)["'`]\.\.?\//);
  });

  it('serves the voice detector’s files where assetBaseUrl says (the page’s vad/)', () => {
    for (const name of ['silero_vad_v5.onnx', 'ort-wasm-simd-threaded.wasm']) {
      const served = statSync(join(page.dist, 'vad', name));
      expect(served.size).toBe(statSync(join(page.packageDir, 'dist', 'vad', name)).size);
      expect(served.size).toBeGreaterThan(1_000_000);
    }
    // Neither is copied a second time under assets/ by the page's bundler.
    expect(filesIn(join(page.dist, 'assets')).filter((f) => /\.(wasm|onnx)$/.test(f))).toEqual([]);
  });
});
