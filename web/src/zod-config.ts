import { z } from 'zod';

// zod compiles a fast parser with `new Function` once it has checked that eval is allowed; the
// page's CSP forbids eval ('wasm-unsafe-eval' only), and the check itself is a CSP violation
// that Gecko and WebKit report as a page error. Parsing without it costs microseconds per
// message. Imported first by each entry point (the page, the VAD worker).
z.config({ jitless: true });
