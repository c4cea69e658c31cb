import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

type AxeResults = Awaited<ReturnType<AxeBuilder['analyze']>>;
type Violation = AxeResults['violations'][number];

/** What blocks: a view may have no violation of these impacts. */
const BLOCKING = new Set(['serious', 'critical']);

/** `rule-id (impact): n× selector, …` — enough to find each violation without a rerun. */
function describe(v: Violation): string {
  const targets = v.nodes.slice(0, 3).map((n) => n.target.join(' '));
  const more = v.nodes.length > 3 ? `, +${v.nodes.length - 3}` : '';
  return `${v.id} (${v.impact ?? 'none'}): ${v.nodes.length}× ${targets.join(', ')}${more}`;
}

/**
 * Runs axe-core (WCAG 2.x A and AA rules, and axe's best practices) on the page as it is, and
 * checks softly that `view` has no serious or critical violation: every view of a test is
 * checked and reported even when one fails. The minor and moderate ones are printed, and every
 * violation is attached to the test's report.
 */
export async function checkAccessibility(page: Page, view: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  const { project } = test.info();
  const scheme = await page.evaluate(() =>
    matchMedia('(prefers-color-scheme: light)').matches ? 'light' : 'dark',
  );
  const where = `${view} [${project.name}, ${scheme}]`;
  const blocking = results.violations.filter((v) => BLOCKING.has(v.impact ?? ''));
  const minor = results.violations.filter((v) => !BLOCKING.has(v.impact ?? ''));
  for (const v of minor) console.log(`axe ${where}: ${describe(v)}`);
  for (const v of blocking) console.log(`axe ${where} BLOCKING: ${describe(v)}`);
  await test.info().attach(`axe ${where}`, {
    body: JSON.stringify(results.violations, null, 2),
    contentType: 'application/json',
  });
  expect.soft(blocking.map(describe), `serious or critical axe violations: ${where}`).toEqual([]);
}
