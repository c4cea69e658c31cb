import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { CONVERSATIONS, FIXTURES } from '../global-setup.ts';
import { LANE_CONVERSATIONS } from './conversations.ts';
import { withMicFeed } from '../mic-feed.ts';
import { installHarness } from './harness.ts';

/** The built app the lanes' relays serve: web/dist with the test harness loaded first. */
export const SERVED_APP = fileURLToPath(
  new URL('../../test-results/engines-app/', import.meta.url),
);

const WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));
const HARNESS = '/engine-harness.js';

/**
 * Copies the built app to {@link SERVED_APP} and adds what the lanes need beside it: the harness
 * script (./harness.ts) that its `index.html` loads before the app, the conversations the
 * microphone says (`/e2e-fixtures/*.wav`, from e2e/global-setup.ts), and axe-core
 * (`/axe.min.js`, loaded on demand). A classic script in the head runs before the app's module
 * script, which is deferred.
 */
export function prepareServedApp(): void {
  if (!existsSync(`${WEB_DIST}index.html`))
    throw new Error('web/dist is missing: run `pnpm run build` before the engine lanes');
  rmSync(SERVED_APP, { recursive: true, force: true });
  cpSync(WEB_DIST, SERVED_APP, { recursive: true });
  writeFileSync(`${SERVED_APP}${HARNESS.slice(1)}`, withMicFeed(installHarness));
  const page = readFileSync(`${SERVED_APP}index.html`, 'utf8');
  const patched = page.replace(
    '<script type="module"',
    `<script src="${HARNESS}"></script>\n    $&`,
  );
  if (patched === page) throw new Error("the app's index.html has no module script to precede");
  writeFileSync(`${SERVED_APP}index.html`, patched);
  mkdirSync(`${SERVED_APP}e2e-fixtures`);
  for (const name of [...Object.keys(CONVERSATIONS), ...Object.keys(LANE_CONVERSATIONS)])
    copyFileSync(`${FIXTURES}${name}.wav`, `${SERVED_APP}e2e-fixtures/${name}.wav`);
  const axe = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  copyFileSync(axe, `${SERVED_APP}axe.min.js`);
}
