import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** An HTTP answer: its status and its body parsed as JSON (null when it is not JSON). */
export interface JsonAnswer {
  status: number;
  body: unknown;
}

/**
 * One HTTP request on a connection of its own (no keep-alive pool): a reconnect must never ride
 * a pooled connection of a path that just died, where it would wait for an answer that cannot
 * come. Aborted by `signal`; rejects on a network error.
 */
export function freshRequest(
  method: string,
  url: URL,
  headers: Record<string, string>,
  signal?: AbortSignal,
): Promise<JsonAnswer> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method, headers, agent: false, ...(signal ? { signal } : {}) },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          let body: unknown = null;
          try {
            body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
          } catch {
            body = null;
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}
