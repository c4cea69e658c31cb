/**
 * Secrets and personal data taken out of text before it leaves for error tracking: what an error
 * message, a tag or a URL may carry by accident (a bearer token, a JWT, a provider key, a
 * connection ticket, a resume secret, `?ticket=`, `api_key: …`; a card number, an e-mail address,
 * a phone number the user typed). Pure; see `scrub-event.ts` for whole events.
 */
import { REDACTED, scrubPersonalData } from './personal-data.ts';

export { REDACTED };

/**
 * Query parameters whose values are secrets: connection tickets, tokens, keys, and what an
 * embedding page's sign-in may leave in its URL (`?code=`, `?state=`, `?sig=`).
 */
const SECRET_PARAM =
  /ticket|token|secret|key|pass|auth|jwt|cookie|credential|signature|^(?:code|state|sig)$/i;

/** `name=value` / `name: value` / `"name": "value"` where the name says it is a secret. */
const NAMED_SECRET =
  /\b([A-Za-z0-9_.-]*(?:ticket|token|secret|api[-_]?key|apikey|password|passwd|authorization|signature|jwt|cookie|credential)[A-Za-z0-9_.-]*)(["']?\s*[:=]\s*["']?)(?!\[redacted\]|Bearer\b|Basic\b)([^\s"'&,;)}\]]+)/gi;

/** `Bearer …` / `Basic …` credentials (an Authorization header quoted in a message). */
const AUTH_SCHEME = /\b(Bearer|Basic)\s+(?!\[redacted\])[A-Za-z0-9._~+/=-]+/g;

/** A JSON Web Token: three base64url parts, the first two JSON (`eyJ`). */
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;

/** Provider keys: OpenAI / Anthropic / ElevenLabs style `sk-…`, `sk_…`, `sk-ant-…`. */
const PROVIDER_KEY = /\b(?:sk|rk|pk)[-_][A-Za-z0-9_-]{12,}/g;

/**
 * A long random-looking word (24+ URL-safe characters with both letters and digits): a ticket
 * (43), a resume secret (32), a hex or base64 key. Session ids (16) and ordinary words stay.
 */
const LONG_RANDOM = /[A-Za-z0-9_-]{24,}/g;

function looksRandom(word: string): boolean {
  return /[0-9]/.test(word) && /[A-Za-z]/.test(word);
}

/**
 * `text` with every secret and every piece of personal data (see `personal-data.ts`) it seems to
 * hold replaced by {@link REDACTED}. Personal data first: a long e-mail address is taken whole,
 * not cut at a random-looking part of it.
 */
export function scrubText(text: string): string {
  return scrubPersonalData(text)
    .replace(AUTH_SCHEME, (_, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(JWT, REDACTED)
    .replace(NAMED_SECRET, (_, name: string, sep: string) => `${name}${sep}${REDACTED}`)
    .replace(PROVIDER_KEY, REDACTED)
    .replace(LONG_RANDOM, (word) => (looksRandom(word) ? REDACTED : word));
}

/**
 * A URL (absolute or relative) without its fragment, and with the value of each query parameter
 * whose name says it is a secret (`ticket`, `token`, `key`, `auth`…) redacted; other parameters
 * (`?codec=opus`) stay, their values scrubbed as text.
 */
export function scrubUrl(url: string): string {
  const withoutFragment = url.split('#', 1)[0] ?? '';
  const at = withoutFragment.indexOf('?');
  if (at < 0) return scrubText(withoutFragment);
  const base = withoutFragment.slice(0, at);
  const query = withoutFragment
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return scrubText(pair);
      const name = pair.slice(0, eq);
      return SECRET_PARAM.test(safeDecode(name))
        ? `${name}=${REDACTED}`
        : `${name}=${scrubText(pair.slice(eq + 1))}`;
    })
    .join('&');
  return `${scrubText(base)}?${query}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
