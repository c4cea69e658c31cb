/**
 * Turns a byte stream of little-endian PCM16 into sample blocks. Network chunks can split a
 * sample between two reads: the odd byte is carried over to the next push.
 */
export class Pcm16Decoder {
  private carry: number | null = null;

  push(bytes: Uint8Array): Int16Array {
    const total = bytes.length + (this.carry === null ? 0 : 1);
    const out = new Int16Array(total >> 1);
    let i = 0;
    let o = 0;
    if (this.carry !== null && bytes.length > 0) {
      out[o++] = ((bytes[0] ?? 0) << 8) | this.carry;
      i = 1;
      this.carry = null;
    }
    for (; i + 1 < bytes.length; i += 2) out[o++] = ((bytes[i + 1] ?? 0) << 8) | (bytes[i] ?? 0);
    if (i < bytes.length) this.carry = bytes[i] ?? 0;
    return out;
  }

  /** True when a half sample is pending (a well-formed stream ends with none). */
  get pending(): boolean {
    return this.carry !== null;
  }
}
