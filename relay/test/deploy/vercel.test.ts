import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRelay, type TestRelay } from '../harness.ts';
import { ROOT } from './deploy-files.ts';
import { vercelRouter } from './vercel-router.ts';

const dist = join(ROOT, 'web/dist');
const route = vercelRouter(dist);

/** Every file of the built app (`pnpm run build` comes before the tests), relative to it. */
function builtFiles(dir = dist): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? builtFiles(join(dir, e.name)) : [relative(dist, join(dir, e.name))],
  );
}

/** Paths a browser opens that are the app's page, not a file. */
const PAGES = ['/', '/ops', '/ops/', '/history/some-conversation'];

/** A built file whose name carries its content's hash (Vite's `name-<8 chars>.ext`). */
const HASHED = /-[\w-]{8}\.[a-z]+(\.map)?$/;

const SECURITY = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'permissions-policy': 'microphone=(self), camera=(), geolocation=()',
};

describe("vercel.json over the built app (Vercel's own route compiler)", () => {
  const files = builtFiles();

  it('the build has the files the rules are written for', () => {
    expect(files).toContain('index.html');
    expect(files).toContain('sw.js');
    expect(files).toContain('manifest.webmanifest');
    expect(files.some((f) => f.startsWith('assets/'))).toBe(true);
  });

  it('serves every built file as itself, with the security headers', () => {
    for (const file of files) {
      const answer = route(`/${file}`);
      // With cleanUrls, `/index.html` is redirected to `/` (which serves it).
      if (file === 'index.html') {
        expect(answer.status).toBe(308);
        continue;
      }
      expect({ file, served: answer.file }).toEqual({ file, served: file });
      expect(answer.headers).toMatchObject(SECURITY);
    }
  });

  it('caches for a year only what is named by its content; the shell is revalidated', () => {
    for (const file of files) {
      if (file === 'index.html') continue;
      const cache = route(`/${file}`).headers['cache-control'];
      if (file.startsWith('assets/')) {
        expect({ file, hashed: HASHED.test(file) }).toEqual({ file, hashed: true });
        expect({ file, cache }).toEqual({ file, cache: 'public, max-age=31536000, immutable' });
      } else {
        expect({ file, immutable: cache?.includes('immutable') ?? false }).toEqual({
          file,
          immutable: false,
        });
      }
    }
    for (const shell of ['sw.js', 'manifest.webmanifest', 'theme-boot.js'])
      expect({ shell, cache: route(`/${shell}`).headers['cache-control'] }).toEqual({
        shell,
        cache: 'no-cache',
      });
  });

  it("answers the app's routes with its page, revalidated, with the security headers", () => {
    for (const page of PAGES) {
      const answer = route(page);
      expect({ page, file: answer.file }).toEqual({ page, file: 'index.html' });
      expect({ page, cache: answer.headers['cache-control'] }).toEqual({ page, cache: 'no-cache' });
      expect(answer.headers).toMatchObject(SECURITY);
    }
  });

  describe('agrees with the relay serving the same build', () => {
    let relay: TestRelay;
    beforeAll(async () => {
      relay = await startTestRelay({ WEB_DIST: dist });
    });
    afterAll(() => relay.close());

    it('on every file and page: the same Cache-Control', async () => {
      const base = `http://127.0.0.1:${relay.port}`;
      const paths = [...files.filter((f) => f !== 'index.html').map((f) => `/${f}`), ...PAGES];
      const differ: string[] = [];
      for (const path of paths) {
        const res = await fetch(`${base}${path}`, { headers: { accept: 'text/html' } });
        await res.body?.cancel();
        const vercel = route(path).headers['cache-control'] ?? null;
        const ours = res.headers.get('cache-control');
        if (res.status !== 200 || ours !== vercel)
          differ.push(`${path}: relay ${res.status} ${ours}, vercel ${vercel}`);
      }
      expect(differ).toEqual([]);
    });
  });
});
