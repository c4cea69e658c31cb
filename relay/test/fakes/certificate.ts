import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FakeTls } from './fake-http.ts';

/**
 * A self-signed certificate for 127.0.0.1 and localhost, valid for a day, written into `dir`
 * (`cert.pem`, `key.pem`) by openssl: what a test trusts (as `ca`) to reach a server of its own
 * (nginx, a fake provider) over HTTPS.
 */
export function selfSignedCertificate(dir: string): { cert: string; key: string; pem: string } {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  const made = spawnSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'],
      ...['-nodes', '-days', '1', '-subj', '/CN=localhost'],
      ...['-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'],
      ...['-keyout', key, '-out', cert],
    ],
    { encoding: 'utf8' },
  );
  if (made.status !== 0) throw new Error(`openssl req failed: ${made.stderr}`);
  return { cert, key, pem: readFileSync(cert, 'utf8') };
}

/**
 * A fresh self-signed certificate and its key (PEM) for a fake provider serving HTTPS on
 * 127.0.0.1; `cert` is also the CA its client trusts.
 */
export function fakeTls(): FakeTls {
  const dir = mkdtempSync(join(tmpdir(), 'parley-fake-tls-'));
  try {
    const made = selfSignedCertificate(dir);
    return { cert: made.pem, key: readFileSync(made.key, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
