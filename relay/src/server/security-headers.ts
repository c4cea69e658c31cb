import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/**
 * The security headers of every answer, the app's page, its files and the API alike — the same
 * as `vercel.json` gives the page hosted apart:
 * - no page may frame the app (`X-Frame-Options: DENY`, CSP `frame-ancestors 'none'`): a framing
 *   page could make a user's clicks save settings (clickjacking);
 * - `X-Content-Type-Options: nosniff`, `Referrer-Policy: strict-origin-when-cross-origin`;
 * - the microphone for the app itself only, no camera or location (`Permissions-Policy`).
 *
 * The page's fuller policy (scripts, workers and WebAssembly from its own origin, connections to
 * its relay) is the `<meta>` CSP the build writes into it, which a header would only repeat;
 * `frame-ancestors` is the one directive a `<meta>` policy cannot carry. HSTS is left to the
 * proxy that terminates TLS: a relay on plain HTTP (a developer's) must not pin its host name.
 */
export function securityHeaders(): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: { frameAncestors: ["'none'"] },
    xFrameOptions: 'DENY',
    xContentTypeOptions: true,
    referrerPolicy: 'strict-origin-when-cross-origin',
    permissionsPolicy: { microphone: ['self'], camera: [], geolocation: [] },
    // Hono's other defaults, off: no finding asks for them, and each changes what pages may do
    // (COOP: with the windows the app opens; CORP: who may load the relay's files).
    strictTransportSecurity: false,
    crossOriginResourcePolicy: false,
    crossOriginOpenerPolicy: false,
    originAgentCluster: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
  });
}
