import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { WIDGET_ATTRIBUTES } from '../widget/src/attributes.ts';
import { WIDGET_EVENTS } from '../widget/src/events.ts';

// docs/embedding.md's reference of `<parley-voice>` is the element's: every attribute it
// observes (`observedAttributes` is WIDGET_ATTRIBUTES) and every event it dispatches (the element
// dispatches through `widgetEvent`, typed by WIDGET_EVENTS' names), each once, none more.

const DOC = readFileSync(fileURLToPath(new URL('../docs/embedding.md', import.meta.url)), 'utf8');

/** The names (the first cell's code) of the table under the heading `### <title>`. */
function tableNames(title: string): string[] {
  const start = DOC.indexOf(`\n### ${title}\n`);
  expect(start, `docs/embedding.md has a "### ${title}" section`).toBeGreaterThan(-1);
  const rest = DOC.slice(start + title.length + 6);
  const section = rest.slice(
    0,
    rest.search(/\n#{2,3} /) === -1 ? undefined : rest.search(/\n#{2,3} /),
  );
  return section
    .split('\n')
    .map((row) => /^\|\s*`([^`]+)`/.exec(row)?.[1])
    .filter((name): name is string => name !== undefined);
}

describe('docs/embedding.md, the widget’s reference', () => {
  it('lists every attribute the element observes, in its order', () => {
    expect(tableNames('Attributes')).toEqual([...WIDGET_ATTRIBUTES]);
  });

  it('lists every event the element dispatches, in its order', () => {
    expect(tableNames('Events')).toEqual([...WIDGET_EVENTS]);
  });
});
