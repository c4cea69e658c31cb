import type { RawData } from 'ws';

/** A WebSocket message's JSON, or why it has none (a binary frame, or text that is no JSON). */
export function jsonOf(data: RawData, isBinary: boolean): { json: unknown } | { fault: string } {
  if (isBinary) return { fault: 'unexpected binary message' };
  try {
    return { json: JSON.parse(textOf(data)) as unknown };
  } catch {
    return { fault: 'message is not JSON' };
  }
}

/** A text message's text (ws hands it over as a Buffer, fragments, or an ArrayBuffer). */
function textOf(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(new Uint8Array(data)).toString('utf8');
  return data.toString('utf8');
}
