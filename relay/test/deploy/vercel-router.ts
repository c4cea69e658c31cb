import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { getTransformedRoutes, type Route, type GetRoutesProps } from '@vercel/routing-utils';
import { repoFile } from './deploy-files.ts';

/** What Vercel answers for a path of a static deployment, as far as routing decides it. */
export interface VercelAnswer {
  status: number;
  /** The file of the output folder served (relative to it), or null. */
  file: string | null;
  /** Response headers set by the configuration, names lower-case. */
  headers: Record<string, string>;
}

/**
 * Vercel's routing of `vercel.json` over a static output folder, with Vercel's own compiler of
 * the configuration (`@vercel/routing-utils`, which also refuses what Vercel refuses to deploy):
 * routes in order; headers of every matching `continue` route (matched on the path asked for);
 * a redirect ends it; at `handle: filesystem` an existing file is served (with `cleanUrls`,
 * `/x` serves `x.html` and `/` `index.html`); a rewrite with `check` serves its destination.
 */
export function vercelRouter(
  outputDir: string,
  config = JSON.parse(repoFile('vercel.json')) as GetRoutesProps,
) {
  const { routes, error } = getTransformedRoutes(config);
  if (error !== null) throw new Error(`vercel.json is refused: ${error.message}`);
  const cleanUrls = config.cleanUrls === true;

  const fileFor = (path: string): string | null => {
    const candidates = [path, ...(cleanUrls ? [`${path}.html`, `${path}/index.html`] : [])];
    for (const c of candidates) {
      const rel = c.replace(/^\/+/, '');
      const abs = join(outputDir, rel);
      if (rel !== '' && existsSync(abs) && statSync(abs).isFile()) return rel;
    }
    return path === '/' && existsSync(join(outputDir, 'index.html')) ? 'index.html' : null;
  };

  return (path: string): VercelAnswer => {
    const headers: Record<string, string> = {};
    let current = path;
    for (const route of routes ?? ([] as Route[])) {
      if ('handle' in route) {
        // eslint-disable-next-line @typescript-eslint/no-deprecated -- reading the compiled routes, as Vercel does
        if (route.handle !== 'filesystem') continue;
        const file = fileFor(current);
        if (file !== null) return { status: 200, file, headers };
        continue;
      }
      const match = new RegExp(route.src).exec(current);
      if (!match) continue;
      const sub = (v: string) => v.replace(/\$(\d+)/g, (_, i: string) => match[Number(i)] ?? '');
      for (const [k, v] of Object.entries(route.headers ?? {})) headers[k.toLowerCase()] = sub(v);
      if (route.status !== undefined && route.status >= 300 && route.status < 400)
        return { status: route.status, file: null, headers };
      if (route.dest !== undefined) {
        current = sub(route.dest);
        if (route.check) {
          const file = fileFor(current);
          if (file !== null) return { status: 200, file, headers };
        }
      }
      if (!route.continue && route.dest === undefined) break;
    }
    return { status: 404, file: null, headers };
  };
}
