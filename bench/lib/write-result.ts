import { writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';

/**
 * Writes a result file (JSON, markdown) formatted as the repository's Prettier settings want it,
 * so regenerated results pass `prettier --check`.
 */
export async function writeResult(path: string, text: string): Promise<void> {
  const options = (await resolveConfig(path)) ?? {};
  writeFileSync(path, await format(text, { ...options, filepath: path }));
}
