import { createServer, type Server, type ServerResponse } from 'node:http';

// A site of another origin than the relay's, embedding `<parley-voice>` with one tag: its pages
// (each with its CSP) and its backend's ticket route, for the widget's specs and for
// `pnpm bench:widget-start` (bench/widget-start/main.ts).

/** A site's page: one script tag, one element, a CSP that lets the relay in and nothing else. */
export function sitePage(
  relay: string,
  attributes = '',
  content = '<h1>A shop</h1><p>Questions? Ask the assistant.</p>',
): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>A shop</title>
<script src="${relay}/widget.js" defer></script>
</head>
<body>
<main>${content}</main>
<parley-voice relay="${relay}"${attributes}></parley-voice>
</body>
</html>`;
}

/**
 * What a site's CSP must let in for the real call besides the relay's scripts
 * (docs/embedding.md, "The page's CSP"): its WebSocket, its voice detector's worker (a `blob:`
 * module of the page, importing the relay's script: a module worker's imports are `worker-src`'s)
 * and WebAssembly.
 */
function callCsp(relay: string): { connect: string; workers: string; scripts: string } {
  return {
    connect: relay.replace(/^http/, 'ws'),
    workers: `worker-src blob: ${relay}`,
    scripts: "'wasm-unsafe-eval'",
  };
}

/** The site: its pages, and its backend's ticket route. */
export interface Site {
  url: string;
  server: Server;
  /** Stops serving (resolves once the server is closed). */
  close(): Promise<void>;
  /** Tickets its backend handed its pages (`POST /ticket`). */
  ticketsServed: () => number;
}

/** A file the site serves besides its pages (a script of its own, a sound). */
export interface SiteFile {
  contentType: string;
  body: string | Uint8Array;
}

/**
 * Serves the site at http://127.0.0.1:<port>/ (0: any free port; another origin than the
 * relay's) until closed: `/` (the element with `relay` only), `/ticket-url` (with
 * `ticket-url="/ticket"`), the `pages` given (path → HTML) and `files` (path → file), and
 * `POST /ticket`, its backend asking the relay for a ticket (`POST /api/session`; a dev-mode
 * relay needs no token) and passing the answer on (502 when the relay cannot be reached).
 * `forTheCall`: the CSP lets the real call in. A page's query string does not choose the page
 * (a test's page may read it). Its pages are never kept in the browser's cache: each load of a
 * page asks the site again, as a visitor's reload does (the bench's warm and returning starts);
 * `keptForBack`: they may be (no `Cache-Control: no-store`, which keeps Chromium from holding a
 * page in its back/forward cache).
 */
export async function serveSite(
  port: number,
  relay: string,
  forTheCall = false,
  pages: Record<string, string> = {},
  files: Record<string, SiteFile> = {},
  keptForBack = false,
): Promise<Site> {
  const call = forTheCall ? callCsp(relay) : null;
  const csp = [
    "default-src 'self'",
    `script-src 'self' ${relay}${call ? ` ${call.scripts}` : ''}`,
    `connect-src 'self' ${relay}${call ? ` ${call.connect}` : ''}`,
    "style-src 'self'",
    ...(call ? [call.workers] : []),
  ].join('; ');
  let served = 0;
  const page = (res: ServerResponse, html: string) => {
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': csp,
      ...(keptForBack ? {} : { 'Cache-Control': 'no-store' }),
    });
    res.end(html);
  };
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://site').pathname;
    const more = req.method === 'GET' ? pages[path] : undefined;
    if (more !== undefined) return page(res, more);
    const file = req.method === 'GET' ? files[path] : undefined;
    if (file !== undefined) {
      res.writeHead(200, { 'Content-Type': file.contentType });
      return res.end(file.body);
    }
    if (req.method === 'GET' && path === '/') return page(res, sitePage(relay));
    if (req.method === 'GET' && path === '/ticket-url')
      return page(res, sitePage(relay, ' ticket-url="/ticket"'));
    if (req.method === 'POST' && req.url === '/ticket') {
      fetch(`${relay}/api/session`, { method: 'POST' }).then(
        async (answer) => {
          served += 1;
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
    server,
    ticketsServed: () => served,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
