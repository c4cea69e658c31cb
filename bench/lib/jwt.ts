import { createHmac } from 'node:crypto';

const base64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

/**
 * An HS256 JSON Web Token for `sub`, valid for `ttlS` seconds: what an identity provider would
 * give each simulated user of a relay running with `AUTH_MODE=jwt` and `JWT_SECRET=secret`.
 */
export function signHs256(sub: string, secret: string, ttlS = 3600, nowS = Date.now() / 1000) {
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const iat = Math.floor(nowS);
  const payload = base64url(JSON.stringify({ sub, iat, exp: iat + ttlS }));
  const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  return `${header}.${payload}.${base64url(signature)}`;
}
