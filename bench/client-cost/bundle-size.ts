/**
 * Initial vs lazily loaded JavaScript of the built web app (web/dist), gzip-compressed with
 * node:zlib at level 9 (what a static host or CDN typically serves).
 *
 * Initial = what index.html loads before the app can run: its module scripts and modulepreloads,
 * plus every chunk those import statically (a Vite build lists them as modulepreloads already;
 * following the imports keeps the figure honest if it did not). Lazy = every other .js file under
 * assets/: dynamic-import chunks and AudioWorklet modules.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';
import { SourceMap } from './source-map.ts';

interface ChunkSize {
  /** Path under dist/, e.g. `assets/index-AbC123.js`. */
  file: string;
  /** What the chunk holds, from its source map (e.g. `react-dom, zustand, web/src`). */
  holds: string;
  bytes: number;
  gzipBytes: number;
}

export interface BundleSize {
  initial: ChunkSize[];
  lazy: ChunkSize[];
  initialGzipBytes: number;
  initialBytes: number;
  lazyGzipBytes: number;
  /** Packages whose code must stay lazy, found in an initial chunk (empty = goal met). */
  lazyPackagesInInitial: string[];
}

/** Packages the issue requires to load lazily (VAD model code and onnxruntime). */
const MUST_BE_LAZY = ['onnxruntime-web', '@ricky0123/vad-web/dist/models', 'silero-model.ts'];

const STATIC_IMPORT_RE =
  /(?:^|[;}\s])(?:import|export)\s*(?:[\w$*{}\s,]+\s*from\s*)?["']([^"']+)["']/g;

/** Measures `distDir` (the web app's build output). */
export function measureBundle(distDir: string): BundleSize {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const entries = [
    ...[...html.matchAll(/<script\b[^>]*\btype="module"[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]),
    ...[...html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g)].map(
      (m) => m[1],
    ),
  ]
    .filter((x): x is string => x !== undefined)
    .map((src) => src.replace(/^\//, ''));
  const initial = new Set<string>();
  const visit = (file: string): void => {
    if (initial.has(file) || !existsSync(join(distDir, file))) return;
    initial.add(file);
    const code = readFileSync(join(distDir, file), 'utf8');
    for (const m of code.matchAll(STATIC_IMPORT_RE)) {
      const spec = m[1];
      if (spec?.startsWith('.')) visit(posix.join(posix.dirname(file), spec));
    }
  };
  for (const e of entries) visit(e);
  const all = readdirSync(join(distDir, 'assets'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => `assets/${f}`);
  const size = (file: string): ChunkSize => {
    const code = readFileSync(join(distDir, file));
    return {
      file,
      holds: describeChunk(join(distDir, file)),
      bytes: code.length,
      gzipBytes: gzipSync(code, { level: 9 }).length,
    };
  };
  const initialChunks = [...initial].map(size).sort((a, b) => b.gzipBytes - a.gzipBytes);
  const lazyChunks = all
    .filter((f) => !initial.has(f))
    .map(size)
    .sort((a, b) => b.gzipBytes - a.gzipBytes);
  const initialSources = [...initial].flatMap((f) => mapSources(join(distDir, `${f}.map`)));
  return {
    initial: initialChunks,
    lazy: lazyChunks,
    initialGzipBytes: sum(initialChunks.map((c) => c.gzipBytes)),
    initialBytes: sum(initialChunks.map((c) => c.bytes)),
    lazyGzipBytes: sum(lazyChunks.map((c) => c.gzipBytes)),
    lazyPackagesInInitial: MUST_BE_LAZY.filter((p) => initialSources.some((s) => s.includes(p))),
  };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

function mapSources(mapFile: string): string[] {
  return existsSync(mapFile) ? SourceMap.read(mapFile).sources : [];
}

/** Where a source file comes from: its npm package, or our own `web/src` / `shared/src`. */
export function sourceOwner(source: string): string {
  const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(source);
  if (pkg?.[1]) return pkg[1];
  if (source.includes('shared/src/')) return 'shared/src';
  if (/(?:^|\/)src\//.test(source)) return 'web/src';
  return source;
}

/** The packages (or our own folders) a chunk holds, with their share of its characters. */
function describeChunk(file: string): string {
  const mapFile = `${file}.map`;
  if (!existsSync(mapFile)) return '';
  const chars = SourceMap.read(mapFile).charsBySource(readFileSync(file, 'utf8'));
  const byOwner = new Map<string, number>();
  for (const [source, n] of chars) {
    const owner = sourceOwner(source);
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + n);
  }
  const total = sum([...byOwner.values()]);
  return [...byOwner]
    .filter(([owner]) => owner !== '(unmapped)')
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([owner, n]) => `${owner} ${Math.round((100 * n) / total)}%`)
    .join(', ');
}
