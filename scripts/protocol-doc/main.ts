/**
 * Writes docs/protocol.md from the protocol's zod schemas and their comments (see render.ts).
 *
 *   pnpm docs:protocol
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderProtocolDoc } from './render.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
writeFileSync(`${root}docs/protocol.md`, await renderProtocolDoc(root));
