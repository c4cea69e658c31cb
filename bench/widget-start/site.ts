/**
 * A site on another origin than the relay's, as e2e/widget-element.spec.ts serves it for the real
 * call: one page with the widget's one tag (`ticket-url="/ticket"`), under a CSP that lets the
 * relay and the call in (docs/embedding.md, "The page's CSP"), and its backend's ticket route.
 */
import { createServer, type Server } from 'node:http';

/** The page: one script tag, one element asking the site's backend for its tickets. */
export function sitePage(relay: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>A shop</title>
<script src="${relay}/widget.js" defer></script>
</head>
<body>
<main><h1>A shop</h1><p>Questions? Ask the assistant.</p></main>
<parley-voice relay="${relay}" ticket-url="/ticket"></parley-voice>
</body>
</html>`;
}

/** The site's CSP for the call: the relay's scripts, socket, worker and WebAssembly. */
export function siteCsp(relay: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' ${relay} 'wasm-unsafe-eval'`,
    `connect-src 'self' ${relay} ${relay.replace(/^http/, 'ws')}`,
    "style-src 'self'",
    `worker-src blob: ${relay}`,
  ].join('; ');
}

export interface Site {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the site on `127.0.0.1:port` (0: any free port): `GET /`, the page; `POST /ticket`, its
 * backend asking the relay for a ticket (`POST /api/session`: a dev-mode relay needs no token)
 * and passing the answer on.
 */
export async function serveSite(relay: string, port = 0): Promise<Site> {
  const csp = siteCsp(relay);
  const server: Server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/') {
      res.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': csp,
        'Cache-Control': 'no-store',
      });
      res.end(sitePage(relay));
      return;
    }
    if (req.method === 'POST' && req.url === '/ticket') {
      fetch(`${relay}/api/session`, { method: 'POST' }).then(
        async (answer) => {
          res.writeHead(answer.status, { 'Content-Type': 'application/json' });
          res.end(await answer.text());
        },
        () => res.writeHead(502).end(),
      );
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  const bound = typeof address === 'object' && address !== null ? address.port : port;
  return {
    url: `http://127.0.0.1:${bound}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
