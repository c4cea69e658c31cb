import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  CloseCode,
  clientMessage,
  decodeWireFrame,
  errorCode,
  FRAME_HEADER_BYTES,
  FrameKind,
  logTailClientMessage,
  logTailServerMessage,
  serverMessage,
} from '../../shared/src/index.ts';
import { ENDPOINTS } from './http-endpoints.ts';
import {
  exampleFrames,
  headerLayout,
  REGENERATE,
  renderProtocolDoc,
  schemaNamed,
} from './render.ts';
import { SourceDocs } from './source-docs.ts';
import { protocolSources } from './render.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const written = readFileSync(join(root, 'docs/protocol.md'), 'utf8');

describe('docs/protocol.md', () => {
  it('is what the schemas say now', async () => {
    const fresh = await renderProtocolDoc(root);
    expect(
      fresh === written,
      `docs/protocol.md is out of date with shared/src/protocol/: run \`${REGENERATE}\` and commit it`,
    ).toBe(true);
  });

  it('has every message either side sends', () => {
    const types = [...clientMessage.options, ...serverMessage.options].map(
      (m) => m.shape.type.value,
    );
    expect(types.length).toBeGreaterThan(20);
    for (const type of types) expect(written).toContain(`\n### \`${type}\`\n`);
    const logTail = [...logTailClientMessage.options, ...logTailServerMessage.options];
    expect(logTail.length).toBeGreaterThan(2);
    for (const m of logTail) expect(written).toContain(`\n#### \`${m.shape.type.value}\`\n`);
  });

  it('has every close code and every error code', () => {
    // A table row, whatever padding Prettier gave its cells.
    const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const row = (...cells: string[]) =>
      new RegExp(`^\\|${cells.map((c) => ` *${escape(c)} *`).join('\\|')}\\|`, 'm');
    for (const [name, code] of Object.entries(CloseCode))
      expect(written).toMatch(row(String(code), `\`${name}\``));
    for (const code of errorCode.options) expect(written).toMatch(row(`\`${code}\``));
  });

  it("shows frames the protocol's own decoder reads back", () => {
    const frames = exampleFrames();
    expect(frames.length).toBe(2);
    for (const { bytes } of frames) {
      const decoded = decodeWireFrame(bytes, FrameKind.Reply, { opus: true });
      expect(decoded.ok && decoded.value.turnId).toBe(3);
    }
  });

  it('lays the header out as codec.ts says, field after field up to the payload', () => {
    const layout = headerLayout(new SourceDocs(protocolSources(root)));
    let at = 0;
    for (const { offset, size } of layout) {
      expect(offset).toBe(at);
      at += size ?? 0;
    }
    expect(layout.at(-1)?.offset).toBe(FRAME_HEADER_BYTES);
  });
});

describe('the HTTP endpoints of docs/protocol.md', () => {
  /** `METHOD /path` of every route the relay's server mounts. */
  function mountedRoutes(): string[] {
    const dir = join(root, 'relay/src/server');
    const routes = new Set<string>();
    for (const file of readdirSync(dir).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'),
    )) {
      const text = readFileSync(join(dir, file), 'utf8');
      for (const m of text.matchAll(/\.(get|post|put|patch|delete)\(\s*(['`])(\/[^'`]*)\2/g))
        routes.add(`${m[1]!.toUpperCase()} ${m[3]!}`);
      // Paths held in a constant: `app.post(ERROR_REPORTS_PATH, …)`.
      for (const m of text.matchAll(/\.(get|post|put|patch|delete)\(\s*([A-Z_]+),/g)) {
        const value = new RegExp(`const ${m[2]!} = '([^']+)'`).exec(text)?.[1];
        if (value) routes.add(`${m[1]!.toUpperCase()} ${value}`);
      }
    }
    // Fallbacks, not endpoints: the app's pages, and JSON 404s for unknown API paths.
    routes.delete('GET *');
    return [...routes].sort();
  }

  it('are every route the relay mounts, and no other', () => {
    const listed = ENDPOINTS.map((e) => `${e.method} ${e.path}`).sort();
    expect(mountedRoutes().length).toBeGreaterThan(15);
    expect(listed).toEqual(mountedRoutes());
  });

  it('name bodies that exist', () => {
    const names = ENDPOINTS.flatMap(({ request, response }) => [
      ...(request === undefined ? [] : [request]),
      ...('schema' in response ? [response.schema] : []),
    ]);
    expect(names.length).toBeGreaterThan(15);
    for (const name of names) expect(() => schemaNamed(name)).not.toThrow();
  });
});
