import { createHash } from 'node:crypto';

/** The longest tool name both OpenAI and Anthropic accept (`^[a-zA-Z0-9_-]{1,64}$`). */
const MAX_NAME = 64;
const SERVER_PART = 20;

const hash = (text: string, chars: number) =>
  createHash('sha256').update(text).digest('hex').slice(0, chars);

/**
 * The start of a server's tools' names: its name in lower case, other characters as `_`, at
 * most 20 characters (`My Notes!` → `my_notes`); `mcp` when nothing is left.
 */
export function serverPrefix(serverName: string): string {
  const slug = serverName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, SERVER_PART)
    .replace(/_+$/, '');
  return slug === '' ? 'mcp' : slug;
}

/**
 * The name a language model calls an MCP tool by: `<server>_<tool>`, within what the model APIs
 * accept (`^[a-zA-Z0-9_-]{1,64}$`). Any other character becomes `_`; a name too long is cut and
 * ends with a hash of the whole, so two long names that share a start stay apart.
 */
export function modelToolName(serverName: string, toolName: string): string {
  const safe = toolName.replace(/[^a-zA-Z0-9_-]/g, '_');
  const full = `${serverPrefix(serverName)}_${safe}`;
  if (safe === toolName && full.length <= MAX_NAME) return full;
  // Changed or cut: the hash of the original keeps `a.b` and `a_b` apart.
  const suffix = `_${hash(`${serverName}\u0000${toolName}`, 8)}`;
  return full.slice(0, MAX_NAME - suffix.length) + suffix;
}

/** JSON with every object's keys sorted: the same value always writes the same text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * A short digest of what the operator reviewed of a tool before enabling it: its description,
 * arguments and annotations. A server that later changes any of them (a description that now
 * tells the model to do something else) gets a different fingerprint, and the tool is held back.
 */
export function toolFingerprint(tool: {
  description: string;
  inputSchema: unknown;
  annotations: unknown;
}): string {
  return hash(
    canonical({
      description: tool.description,
      inputSchema: tool.inputSchema,
      annotations: tool.annotations,
    }),
    16,
  );
}
