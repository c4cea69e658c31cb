import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/** Bytes of an AES-256 key. */
export const SETTINGS_KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Version prefix of a sealed value: another scheme later can tell old values apart. */
const PREFIX = 'v1:';

/**
 * Seals secrets (API keys) for storage with AES-256-GCM: a fresh random IV per value, the tag
 * checked on opening. `context` (e.g. the chain entry a key belongs to) is bound as additional
 * data: a sealed value copied into another entry does not open there.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(key: Uint8Array) {
    if (key.length !== SETTINGS_KEY_BYTES)
      throw new RangeError(`the key must be ${SETTINGS_KEY_BYTES} bytes, got ${key.length}`);
    this.key = Buffer.from(key);
  }

  /** `v1:` + base64(iv ‖ tag ‖ ciphertext). */
  seal(plain: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64');
  }

  /**
   * A key of its own for `context` (HMAC-SHA-256 of it under this key): the same for every relay
   * with this `SETTINGS_KEY`, and telling nothing of it.
   */
  derive(context: string): Buffer {
    return createHmac('sha256', this.key).update(`derive\u0000${context}`, 'utf8').digest();
  }

  /** The plain text, or null when `sealed` was not sealed by this key for `context`. */
  open(sealed: string, context: string): string | null {
    if (!sealed.startsWith(PREFIX)) return null;
    const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64');
    if (raw.length < IV_BYTES + TAG_BYTES) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      const plain = Buffer.concat([
        decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ]);
      return plain.toString('utf8');
    } catch {
      return null;
    }
  }
}
