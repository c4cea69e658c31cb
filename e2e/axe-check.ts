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

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
/** What the colour scheme changes: only colours (theme.css swaps custom properties). */
const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

/**
 * Runs axe-core on the page as it is and checks softly that `view` has no serious or critical
 * violation: every view of a test is checked and reported even when one fails. Every rule
 * (WCAG 2.x A and AA, and axe's best practices) in the light scheme, then the colour rules again
 * in the dark one, on the same page: a scheme changes colours only, and a second page per scheme
 * cost each view a second load and call. The minor and moderate violations are printed, and every
 * violation is attached to the test's report. The page is left in the light scheme.
 */
export async function checkAccessibility(page: Page, view: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    expect(
      await page.evaluate((s) => matchMedia(`(prefers-color-scheme: ${s})`).matches, scheme),
    ).toBe(true);
    // The talk control's colour eases over 150 ms: judged once it has settled.
    await page.evaluate(() =>
      Promise.all(
        document
          .getAnimations()
          .filter((a) => a instanceof CSSTransition)
          .map((a) => a.finished),
      ),
    );
    // Only the violations with their nodes: what passed is not serialised out of the page.
    const axe = new AxeBuilder({ page }).options({ resultTypes: ['violations'] });
    const results = await (
      scheme === 'light' ? axe.withTags(TAGS) : axe.withRules(COLOUR_RULES)
    ).analyze();
    await report(`${view} [${test.info().project.name}, ${scheme}]`, results);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

async function report(where: string, results: AxeResults): Promise<void> {
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
