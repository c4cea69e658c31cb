import { completeAddress } from '@parley/shared';

/**
 * A server entry's name before its address is known. The name is what the relay calls the
 * provider where people read it ("llama3 (ollama)"), so it is never the kind's internal word.
 */
export const FIRST_SERVER_ID = 'server';

/** The usual ports of local model servers, as their detection probes them. */
const LOCAL_PORTS: Readonly<Record<string, string>> = {
  '11434': 'ollama',
  '1234': 'lmstudio',
  '8080': 'llama-cpp',
  '8000': 'vllm',
};

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i;
/** Host words that say nothing of whose server it is. */
const GENERIC = new Set(['api', 'www', 'openai', 'inference', 'gateway', 'v1']);

/**
 * A name for the server at `address`, as a person would call it: the local server its port is
 * known for ("ollama"), "local-server" for another on this machine, else the telling word of its
 * host ("api.mistral.ai" → "mistral"); {@link FIRST_SERVER_ID} when it says nothing. Always a
 * valid entry name (lower-case letters, digits and dashes, at most 24 characters, leaving room
 * for a number when two share it).
 */
export function entryIdFor(address: string): string {
  const full = completeAddress(address, { openAiCompatible: true });
  if (!URL.canParse(full)) return FIRST_SERVER_ID;
  const { hostname, port } = new URL(full);
  if (LOOPBACK.test(hostname)) return LOCAL_PORTS[port] ?? 'local-server';
  if (/^[\d.]+$/.test(hostname) || hostname.includes(':')) return 'local-server';
  const word = hostname
    .toLowerCase()
    .split('.')
    .slice(0, -1)
    .find((w) => !GENERIC.has(w));
  const name = (word ?? '')
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/^[^a-z]+/, '')
    .slice(0, 24);
  return name === '' ? FIRST_SERVER_ID : name.replace(/-+$/, '');
}
