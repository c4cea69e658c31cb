import { providerFetch, readBody } from './http.ts';
import { pcm16Blocks } from './pcm-stream.ts';
import { ProviderError } from './provider-error.ts';
import { secretsSent } from '../../secrets/secret-scrub.ts';

/**
 * POSTs `body` (JSON) to `url` and yields the raw PCM16LE mono answer as sample blocks as it
 * arrives ({@link pcm16Blocks}): what a speech API that streams raw PCM answers. An answer that
 * is not audio by its content type is a `protocol` {@link ProviderError} (its body the excerpt,
 * scrubbed of what was sent). Aborting `signal`, or leaving the iteration early, closes the
 * request. Returns the samples yielded.
 */
export async function* postForPcm(
  providerId: string,
  url: string,
  headers: Record<string, string>,
  body: unknown,
  signal: AbortSignal,
): AsyncGenerator<Int16Array, number, undefined> {
  // Our own controller also closes the request when the consumer stops iterating early.
  const local = new AbortController();
  const onAbort = () => local.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const sent = { ...headers, 'content-type': 'application/json' };
    const res = await providerFetch(providerId, url, {
      method: 'POST',
      headers: sent,
      body: JSON.stringify(body),
      signal: local.signal,
    });
    const type = res.headers.get('content-type');
    if (!isAudioType(type)) {
      const excerpt = await res.text().catch(() => '');
      throw new ProviderError(
        providerId,
        'protocol',
        `expected audio, got ${type ?? 'no content type'}`,
        { excerpt, secrets: secretsSent(url, sent) },
      );
    }
    let samples = 0;
    for await (const block of pcm16Blocks(providerId, readBody(providerId, res))) {
      samples += block.length;
      yield block;
    }
    signal.throwIfAborted();
    return samples;
  } finally {
    signal.removeEventListener('abort', onAbort);
    local.abort(new DOMException('synthesis no longer needed', 'AbortError'));
  }
}

/**
 * Raw PCM is labelled `audio/…` or `application/octet-stream` depending on the path; JSON, HTML
 * or text means an error page or a proxy in the way.
 */
function isAudioType(type: string | null): boolean {
  if (type === null) return true;
  const mime = type.split(';')[0]?.trim().toLowerCase() ?? '';
  return mime.startsWith('audio/') || mime === 'application/octet-stream';
}
