import { readFileSync } from 'node:fs';
import { FIXTURES } from '../global-setup.ts';
import { withMicFeed } from '../mic-feed.ts';
import { serveSite, sitePage, type Site, type SiteFile } from '../widget-site.ts';
import { installHarness } from './harness.ts';

/**
 * The embedding site of ../widget-site.ts as the engine lanes serve it: each page loads the
 * lanes' harness (./harness.ts) before the widget, from the site's own origin (its CSP lets in
 * its own scripts and the relay's, nothing inline), so the page's errors are collected and its
 * microphone says the conversation its `?mic=` names, from the site's `/e2e-fixtures/`.
 */

const HARNESS = '/engine-harness.js';

/** A page of the site with `content`, the harness loaded first, and the widget's one tag. */
export function lanePage(relay: string, content: string): string {
  const page = sitePage(relay, '', content);
  const widget = `<script src="${relay}/widget.js" defer></script>`;
  if (!page.includes(widget)) throw new Error("the site's page has no widget script to precede");
  return page.replace(widget, `<script src="${HARNESS}"></script>\n${widget}`);
}

/**
 * Serves the site (with the call's CSP) on `port`: its `pages` (path → HTML), the harness and
 * the conversations `mics` (written by the lanes' global setup) its pages may say.
 */
export function serveLaneSite(
  port: number,
  relay: string,
  pages: Record<string, string>,
  mics: string[],
): Promise<Site> {
  const files: Record<string, SiteFile> = {
    [HARNESS]: { contentType: 'text/javascript', body: withMicFeed(installHarness) },
  };
  for (const mic of mics)
    files[`/e2e-fixtures/${mic}.wav`] = {
      contentType: 'audio/wav',
      body: readFileSync(`${FIXTURES}${mic}.wav`),
    };
  return serveSite(port, relay, true, pages, files);
}
