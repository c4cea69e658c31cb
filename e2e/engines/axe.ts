import type * as Axe from 'axe-core';
import type { EnginePage } from './driver.ts';

/** A violation, as much of it as finds it without a rerun. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: number;
  targets: string[];
}

/** The rules e2e/axe-check.ts runs in Chromium: WCAG 2.x A and AA, and axe's best practices. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/**
 * Runs axe-core in the page as it is (loaded from the lanes' copy of the app, `/axe.min.js`: the
 * page's CSP allows same-origin scripts) and returns its violations.
 */
export function axeViolations(page: EnginePage): Promise<AxeViolation[]> {
  return page.evaluate(async (tags) => {
    const scope = window as unknown as { axe?: typeof Axe };
    if (!scope.axe)
      await new Promise((resolve, reject) => {
        const script = document.createElement('script');
        script.src = '/axe.min.js';
        script.onload = resolve;
        script.onerror = () => reject(new Error('axe-core did not load'));
        document.head.append(script);
      });
    const results = await scope.axe!.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      nodes: v.nodes.length,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  }, TAGS);
}
