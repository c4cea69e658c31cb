import type { Plugin } from 'vite';

/**
 * Adds a Content-Security-Policy to the built page: scripts, workers and WebAssembly from our own
 * origin only, and network connections only to our origin and the relay's (`VITE_RELAY_URL`,
 * set when the app is hosted apart from the relay). Development keeps Vite's own policy-free
 * pages (hot reload needs inline scripts).
 */
export function relayCsp(relayUrl: string | undefined): Plugin {
  const connect = ["'self'"];
  if (relayUrl) {
    const u = new URL(relayUrl);
    const ws = `${u.protocol === 'https:' ? 'wss' : 'ws'}://${u.host}`;
    connect.push(u.origin.replace(/^ws/, 'http'), ws);
  }
  const policy = [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "worker-src 'self' blob:",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    `connect-src ${connect.join(' ')}`,
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
  return {
    name: 'parley-relay-csp',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: policy },
        injectTo: 'head',
      },
    ],
  };
}
