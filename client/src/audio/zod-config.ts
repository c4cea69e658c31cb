import { z } from 'zod';

// zod compiles a fast parser with `new Function` once it has checked that eval is allowed; the
// page's CSP forbids eval ('wasm-unsafe-eval' only), and the check itself is a CSP violation
// that Gecko and WebKit report as a page error. Parsing without it costs microseconds per
// message. Imported first by each of the call's entry points (its VAD worker); the page has its
// own (web/src/zod-config.ts), as a page using the call from its package would.
z.config({ jitless: true });
