/**
 * Paths of data, never of the web app's pages: an unknown one is a JSON 404, so a mistyped
 * monitor URL (`/health/detailed`) or API call fails instead of reading the app's page as
 * "200 OK". `/ops` itself is a page (the dashboard); what is below it is not.
 */
const DATA_PATH = /^\/(?:(?:api|ws)(?:\/|$)|health|ready|metrics|ops\/.)/;

/** The last segment of the path names a file (`/app.js`, `/favicon.ico`). */
const FILE_NAME = /\/[^/]*\.[^/]*$/;

/**
 * Whether a request that matched no route nor file is a browser navigating to one of the web
 * app's own routes, which gets the app's page: a GET that accepts HTML, for a path that names no
 * file and is not a data path. Anything else is a JSON 404.
 */
export function isPageNavigation(
  method: string,
  path: string,
  accept: string | undefined,
): boolean {
  return (
    (method === 'GET' || method === 'HEAD') &&
    (accept ?? '').toLowerCase().includes('text/html') &&
    !FILE_NAME.test(path) &&
    !DATA_PATH.test(path)
  );
}
