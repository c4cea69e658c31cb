/**
 * A Sentry DSN (`https://<public key>@<host>/<project id>`), taken apart: where envelopes go, and
 * the form that may be shown to browsers (a legacy DSN's secret key, `key:secret@`, dropped).
 */
export interface SentryDsn {
  /** `http:` or `https:`. */
  protocol: string;
  publicKey: string;
  /** Host and port. */
  host: string;
  /** Path before the project id on a self-hosted Sentry under a prefix (`/sentry`), else ''. */
  pathPrefix: string;
  projectId: string;
}

/** The DSN in `text`, or why it is not one. */
export function parseDsn(text: string): SentryDsn | { error: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { error: 'must be a URL such as https://<key>@o0.ingest.sentry.io/<project>' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return { error: `must be an http(s) URL; got ${url.protocol}` };
  if (url.username === '') return { error: 'has no public key (https://<key>@host/<project>)' };
  const parts = url.pathname.split('/');
  const projectId = parts.pop() ?? '';
  if (!/^\d+$/.test(projectId))
    return { error: 'must end with the numeric project id (https://<key>@host/<project>)' };
  if (url.search !== '' || url.hash !== '') return { error: 'must have no query or fragment' };
  return {
    protocol: url.protocol,
    publicKey: decodeURIComponent(url.username),
    host: url.host,
    pathPrefix: parts.join('/'),
    projectId,
  };
}

/** The DSN as given to SDKs and browsers: never a secret key. */
export function publicDsn(dsn: SentryDsn): string {
  return `${dsn.protocol}//${encodeURIComponent(dsn.publicKey)}@${dsn.host}${dsn.pathPrefix}/${dsn.projectId}`;
}

/** Where the DSN's project takes envelopes, authenticated by its public key. */
export function envelopeUrl(dsn: SentryDsn): string {
  const auth = `sentry_version=7&sentry_key=${encodeURIComponent(dsn.publicKey)}`;
  return `${dsn.protocol}//${dsn.host}${dsn.pathPrefix}/api/${dsn.projectId}/envelope/?${auth}`;
}

/** Whether `a` and `b` name the same project with the same key (what a report must carry). */
export function sameProject(a: SentryDsn, b: SentryDsn): boolean {
  return (
    a.protocol === b.protocol &&
    a.host === b.host &&
    a.pathPrefix === b.pathPrefix &&
    a.projectId === b.projectId &&
    a.publicKey === b.publicKey
  );
}
