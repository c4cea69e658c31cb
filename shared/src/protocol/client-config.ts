import { z } from 'zod';

/**
 * `GET /api/client-config`: what the web app needs from the relay before anything else, so
 * operators set it once on the relay rather than in each build. Public: holds no secret.
 */
export const clientConfig = z.strictObject({
  /**
   * Where the page reports its errors (Sentry), or null when the relay has no `SENTRY_DSN`:
   * the page then loads no error-tracking code at all.
   */
  errorTracking: z
    .strictObject({
      /** The project's DSN without any secret key: public, as Sentry's browser DSNs are. */
      dsn: z.string(),
      /** Path on the relay that forwards the page's reports (the page never calls Sentry). */
      tunnel: z.string(),
      environment: z.string().optional(),
      release: z.string().optional(),
    })
    .nullable(),
});
export type ClientConfig = z.infer<typeof clientConfig>;
