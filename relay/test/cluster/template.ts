import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * deploy/`name` with its `${NAME}` placeholders filled from `values` (as envsubst would), every
 * one of them: one the template gained and `values` lacks throws.
 */
export function fillTemplate(name: string, values: Record<string, string>): string {
  const file = fileURLToPath(new URL(`../../../deploy/${name}`, import.meta.url));
  let text = readFileSync(file, 'utf8');
  for (const [key, value] of Object.entries(values)) text = text.replaceAll(`\${${key}}`, value);
  const unfilled = /\$\{[A-Z_]+\}/.exec(text.replace(/^\s*#.*$/gm, ''));
  if (unfilled) throw new Error(`deploy/${name}: ${unfilled[0]} not filled`);
  return text;
}
