// http_ece (Encrypted Content-Encoding for HTTP, RFC 8188; the library web-push encrypts with)
// ships no types: the part the loopback push service decrypts with.
declare module 'http_ece' {
  import type { ECDH } from 'node:crypto';
  interface DecryptParams {
    version: 'aes128gcm';
    /** The receiver's key pair (the browser's). */
    privateKey: ECDH;
    /** The browser's 16-byte authentication secret, base64url or bytes. */
    authSecret: string | Buffer;
  }
  const ece: { decrypt(buffer: Buffer, params: DecryptParams): Buffer };
  export default ece;
}
