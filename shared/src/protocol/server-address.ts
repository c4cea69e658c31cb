/**
 * A model server's address as a person types it, made into the one the relay calls: the scheme
 * they leave out, and the `/v1` an OpenAI-compatible server's API sits under. Pure.
 */

/** Hosts on this machine or the local network: reached over plain http, as local servers are. */
const LOCAL_HOST =
  /^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|0\.0\.0\.0|10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|172\.(1[6-9]|2\d|3[01])\.\d+\.\d+|[^.:/]+|[^:/]+\.local)(:\d+)?$/i;

const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * `text` as an http(s) address: trimmed, and with the scheme a person leaves out added — `http`
 * for this machine and the local network (`localhost:11434`, `192.168.1.5:8000`, `gpu-box:8080`),
 * `https` for anything else (`api.example.com/v1`). An OpenAI-compatible server's address given
 * with neither scheme nor path gets `/v1` too (`localhost:11434` → `http://localhost:11434/v1`):
 * every local server (Ollama, LM Studio, llama.cpp, vLLM) serves its API there. An address with a
 * scheme is left as typed, so a person can always say exactly what they mean.
 */
export function completeAddress(text: string, options: { openAiCompatible: boolean }): string {
  const typed = text.trim();
  if (typed === '' || HAS_SCHEME.test(typed)) return typed;
  const slash = typed.indexOf('/');
  const host = slash === -1 ? typed : typed.slice(0, slash);
  const path = slash === -1 ? '' : typed.slice(slash);
  const scheme = LOCAL_HOST.test(host) ? 'http' : 'https';
  const apiPath = options.openAiCompatible && (path === '' || path === '/') ? '/v1' : path;
  return `${scheme}://${host}${apiPath}`;
}

/**
 * The address with `/v1` added to its path when the path has no API version in it
 * (`http://127.0.0.1:11434` → `http://127.0.0.1:11434/v1`); null when it has one, or is not an
 * http(s) address. What an OpenAI-compatible server that answered 404 at `baseUrl` most likely needs.
 */
export function apiPathFix(baseUrl: string): string | null {
  if (!URL.canParse(baseUrl)) return null;
  const url = new URL(baseUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const segments = url.pathname.split('/').filter((s) => s !== '');
  if (segments.some((s) => /^v\d+(beta|alpha)?\d*$/i.test(s))) return null;
  url.pathname = `/${[...segments, 'v1'].join('/')}`;
  return url.toString();
}
