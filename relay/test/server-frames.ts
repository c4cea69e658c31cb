import { parseServerMessage, type ServerMessage } from '@parley/shared';

/**
 * The relay's messages read off the bytes of one connection's downlink, as a TCP proxy sees them
 * (the HTTP upgrade's answer, then WebSocket frames: unmasked from a server, never compressed by
 * the relay): what it sent a client, whether or not the client got it. A connection that was no
 * WebSocket (a ticket's request) gives none.
 */
export class ServerFrames {
  private bytes = Buffer.alloc(0);
  private state: 'head' | 'frames' | 'other' = 'head';
  private readonly parsed: ServerMessage[] = [];

  /** The next bytes the relay sent. */
  push(data: Buffer): void {
    if (this.state === 'other') return;
    this.bytes = Buffer.concat([this.bytes, data]);
    if (this.state === 'head') {
      const end = this.bytes.indexOf('\r\n\r\n');
      if (end < 0) return;
      const upgraded = this.bytes.subarray(0, 12).toString('latin1') === 'HTTP/1.1 101';
      this.state = upgraded ? 'frames' : 'other';
      this.bytes = this.bytes.subarray(end + 4);
      if (!upgraded) return;
    }
    for (let frame = this.next(); frame !== null; frame = this.next())
      if (frame.opcode === 1) {
        const m = parseServerMessage(frame.payload.toString('utf8'));
        if (m.ok) this.parsed.push(m.value);
      }
  }

  /** The JSON messages read so far, in order (reply audio and control frames left out). */
  messages(): readonly ServerMessage[] {
    return this.parsed;
  }

  /** The next whole frame (RFC 6455 §5.2), or null until all of it has come. */
  private next(): { opcode: number; payload: Buffer } | null {
    const b = this.bytes;
    if (b.length < 2) return null;
    const short = (b[1] ?? 0) & 0x7f;
    let at = 2;
    let length = short;
    if (short === 126) {
      if (b.length < 4) return null;
      length = b.readUInt16BE(2);
      at = 4;
    } else if (short === 127) {
      if (b.length < 10) return null;
      length = Number(b.readBigUInt64BE(2));
      at = 10;
    }
    if (b.length < at + length) return null;
    this.bytes = b.subarray(at + length);
    return { opcode: (b[0] ?? 0) & 0x0f, payload: b.subarray(at, at + length) };
  }
}
