import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// client/README.md's example is code a page would write: it is typechecked here against the
// package as it is (as scripts/protocol-doc/ checks docs/protocol.md against the schemas), so
// the front door never shows an API that is not there.

const clientDir = fileURLToPath(new URL('../../client/', import.meta.url));
const readme = readFileSync(join(clientDir, 'README.md'), 'utf8');

/** The ```ts blocks of `markdown`, in order. */
function tsBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? '');
}

const config = ts.getParsedCommandLineOfConfigFile(join(clientDir, 'tsconfig.json'), undefined, {
  ...ts.sys,
  onUnRecoverableConfigFileDiagnostic: (d) => {
    throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  },
});
if (!config) throw new Error('client/tsconfig.json could not be read');
const options = { ...config.options, noEmit: true };
/** Where the example stands: beside the package's entry, which it imports by name. */
const exampleFile = join(clientDir, 'src', 'readme-example.ts');
let previous: ts.Program | undefined;

/** What tsc says of `code` as a module of the package, its `@parley/client` the entry. */
function diagnosticsOf(code: string): string[] {
  const text = code.replaceAll("from '@parley/client'", "from './index.ts'");
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  host.getSourceFile = (name, language, ...rest) =>
    name === exampleFile
      ? ts.createSourceFile(name, text, language)
      : getSourceFile(name, language, ...rest);
  host.fileExists = (name) => name === exampleFile || fileExists(name);
  host.readFile = (name) => (name === exampleFile ? text : readFile(name));
  const program = ts.createProgram([exampleFile], options, host, previous);
  previous = program;
  const file = program.getSourceFile(exampleFile);
  return [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)].map(
    (d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'),
  );
}

describe('client/README.md', () => {
  const blocks = tsBlocks(readme);

  it('has one TypeScript example, which uses createParleyCall', () => {
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toContain('createParleyCall(');
    expect(blocks[0]?.split('\n').length).toBeLessThanOrEqual(30);
  });

  it('typechecks against the package', { timeout: 60_000 }, () => {
    expect(diagnosticsOf(blocks[0] ?? '')).toEqual([]);
  });

  it('would be told when it used an option the package does not have', { timeout: 60_000 }, () => {
    const wrong = (blocks[0] ?? '').replace('relayUrl:', 'relayURL:');
    expect(diagnosticsOf(wrong).join('\n')).toMatch(/relayURL/);
  });
});
