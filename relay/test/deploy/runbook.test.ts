import { describe, expect, it } from 'vitest';
import { alertRules, repoFile } from './deploy-files.ts';

/** The anchor GitHub gives a Markdown heading (its text lowercased, punctuation dropped). */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

describe('docs/runbook.md', () => {
  const runbook = repoFile('docs/runbook.md');
  const anchors = new Set(
    [...runbook.matchAll(/^#{1,6} (.+)$/gm)].map(([, heading = '']) => anchorOf(heading)),
  );

  it('has a section for every alert, where its runbook_url points', () => {
    const rules = alertRules();
    expect(rules.length).toBeGreaterThan(5);
    for (const rule of rules) {
      const [path, anchor = ''] = rule.annotations.runbook_url.split('#');
      expect(path, rule.alert).toBe('docs/runbook.md');
      expect(anchors, `${rule.alert}: #${anchor}`).toContain(anchor);
      // The section is the alert's own, found by its name.
      expect(anchor).toBe(anchorOf(rule.alert));
    }
  });

  it('links only to sections it has', () => {
    const links = [...runbook.matchAll(/\]\(#([^)]+)\)/g)].map(([, anchor = '']) => anchor);
    expect(links.length).toBeGreaterThan(10);
    expect(links.filter((a) => !anchors.has(a))).toEqual([]);
  });
});
