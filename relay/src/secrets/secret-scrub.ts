import { REDACTED } from '@parley/shared';

/**
 * Credentials out of what a provider (or a proxy in front of it) said: a 400 that quotes the key
 * it was sent ("Invalid key provided: Bearer sk-…"), a URL with `user:password@`, a redirect to
 * `?key=…`. The values actually sent are removed exactly ({@link secretsSent}); key-shaped words
 * are removed as well, for a key that reached the text some other way.
 *
 * Unlike error tracking's `scrubText`, a long word with letters and digits is kept: provider
 * errors name models (`claude-3-5-sonnet-20241022`) and request ids an operator needs.
 */

/** Header names whose values are credentials (`Authorization`, `x-api-key`, `xi-api-key`…). */
const SECRET_HEADER = /authorization|api[-_]?key|token|secret|cookie|password/i;

/** Query parameter names whose values are credentials (`?key=`, `?token=`, `?api_key=`…). */
const SECRET_PARAM = /^(?:key|code|sig|signature)$|api[-_]?key|token|secret|password|auth/i;

/** `scheme://user:password@host`: the user info of a URL quoted in the text. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>]+@/gi;

/** `?key=…` / `&access_token=…` in a URL quoted in the text. */
const QUERY_SECRET = /([?&][^\s=&#"'<>]*=)([^\s&#"'<>]+)/g;

/** `Bearer …` / `Basic …` credentials, and Deepgram's `Token …` (a long word with a digit). */
const AUTH_SCHEME =
  /\b(Bearer|Basic)\s+(?!\[redacted\])[A-Za-z0-9._~+/=-]{6,}|\b(Token)\s+(?=[A-Za-z0-9._~+/=-]*\d)[A-Za-z0-9._~+/=-]{16,}/g;

/** A JSON Web Token: three base64url parts, the first two JSON (`eyJ`). */
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;

/** Provider keys: OpenAI / Anthropic / ElevenLabs style `sk-…`, `sk_…`, `sk-ant-…`. */
const PROVIDER_KEY = /\b(?:sk|rk)[-_][A-Za-z0-9_-]{8,}/g;

/** `"x-api-key": "…"`, `api_key=…`, `password: …`: a value named as a credential. */
const NAMED_SECRET =
  /\b((?:x-|xi-)?api[-_]?key|apikey|access[-_]?token|auth[-_]?token|client[-_]?secret|secret|password|passwd)(["']?\s*[:=]\s*["']?)(?!\[redacted\])([^\s"'&,;)}\]]+)/gi;

/**
 * The credentials a request carries, by value: each header named as one (its value, and the
 * value after a `Bearer`/`Token`/`Basic` scheme, a `Basic` one decoded into its user and
 * password), the URL's user and password, and the values of its secret query parameters.
 */
export function secretsSent(url: string | URL, headers?: RequestInit['headers']): string[] {
  const secrets: string[] = [];
  for (const [name, value] of new Headers(headers)) {
    if (!SECRET_HEADER.test(name)) continue;
    secrets.push(value);
    const scheme = /^(\w+)\s+(.+)$/.exec(value.trim());
    if (!scheme?.[1] || !scheme[2]) continue;
    secrets.push(scheme[2]);
    if (scheme[1].toLowerCase() === 'basic' && /^[A-Za-z0-9+/]+=*$/.test(scheme[2]))
      secrets.push(...Buffer.from(scheme[2], 'base64').toString('utf8').split(':'));
  }
  const parsed = URL.canParse(String(url)) ? new URL(String(url)) : null;
  if (parsed) {
    secrets.push(parsed.username, parsed.password);
    for (const [name, value] of parsed.searchParams)
      if (SECRET_PARAM.test(name)) secrets.push(value);
  }
  return secrets;
}

/**
 * `text` without the credentials in it: each of `secrets` (as written, URL-encoded and
 * percent-decoded), every URL's user info and secret query values, and key-shaped words
 * (bearer tokens, JWTs, `sk-…` keys, `api_key: …`). Idempotent. Pure.
 */
export function scrubSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text;
  // Longest first: a header's whole value before the key inside it.
  const exact = [...new Set(secrets.flatMap(forms))].sort((a, b) => b.length - a.length);
  for (const secret of exact) out = out.split(secret).join(REDACTED);
  return out
    .replace(URL_USERINFO, (_, scheme: string) => `${scheme}${REDACTED}@`)
    .replace(QUERY_SECRET, (whole, named: string) =>
      SECRET_PARAM.test(safeDecode(named.slice(1, -1))) ? `${named}${REDACTED}` : whole,
    )
    .replace(AUTH_SCHEME, (_, scheme?: string, token?: string) => `${scheme ?? token} ${REDACTED}`)
    .replace(JWT, REDACTED)
    .replace(PROVIDER_KEY, REDACTED)
    .replace(NAMED_SECRET, (_, name: string, sep: string) => `${name}${sep}${REDACTED}`);
}

/** The ways a secret may be quoted back: as sent, URL-encoded, percent-decoded. */
function forms(secret: string): string[] {
  const trimmed = secret.trim();
  if (trimmed === '') return [];
  return [trimmed, encodeURIComponent(trimmed), safeDecode(trimmed)].filter((s) => s !== '');
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
