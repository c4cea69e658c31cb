import type { Reporter, TestModule } from 'vitest/node';

/** A test that did not run, and where. */
export interface SkippedTest {
  /** The test file, relative to the project's root. */
  file: string;
  /** Its suites' names and its own, joined with " > ". */
  name: string;
}

/** Every skipped test of a run's modules (`skip`, `skipIf`, `todo`, a skipped suite's tests). */
export function skippedTests(modules: readonly TestModule[], root: string): SkippedTest[] {
  const skipped: SkippedTest[] = [];
  for (const module of modules) {
    const file = module.moduleId.startsWith(`${root}/`)
      ? module.moduleId.slice(root.length + 1)
      : module.moduleId;
    for (const test of module.children.allTests()) {
      if (test.result().state === 'skipped') skipped.push({ file, name: test.fullName });
    }
  }
  return skipped;
}

/** The summary's lines: one per file that skipped tests, with the first test's name. */
export function skipSummary(skipped: readonly SkippedTest[]): string[] {
  const byFile = new Map<string, SkippedTest[]>();
  for (const s of skipped) byFile.set(s.file, [...(byFile.get(s.file) ?? []), s]);
  return [...byFile].map(
    ([file, tests]) =>
      `  ${file}: ${tests.length} skipped — ${tests[0]?.name ?? ''}` +
      (tests.length > 1 ? ` (and ${tests.length - 1} more)` : ''),
  );
}

/**
 * Says at the end of every run which tests did not run (a suite skipped for a missing server
 * reads like a pass in the totals). With `PARLEY_TEST_NO_SKIPS=1` (the test command, scripts/test.sh)
 * a skipped test fails the run: there every tool is installed by the project's setup, so a skip
 * means something did not test what it is named for.
 */
export default class SkipSummary implements Reporter {
  private root = process.cwd();

  onInit(vitest: { config: { root: string } }): void {
    this.root = vitest.config.root;
  }

  onTestRunEnd(modules: readonly TestModule[]): void {
    const skipped = skippedTests(modules, this.root);
    if (skipped.length === 0) return;
    const strict = process.env.PARLEY_TEST_NO_SKIPS === '1';
    const lines = [
      '',
      `${strict ? 'FAILED: ' : ''}${skipped.length} test(s) skipped:`,
      ...skipSummary(skipped),
      strict
        ? 'The full test command runs every suite (PARLEY_TEST_NO_SKIPS=1): install what the skip names (scripts/setup-system.sh --for-tests) or remove the skip.'
        : 'They did not run: the totals above do not cover them.',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    if (strict) process.exitCode = 1;
  }
}
