/**
 * Presses of Talk on the site's page in /usr/bin/chromium with a fake microphone: on a fresh
 * profile (cold), the page reloaded (warm), and the browser started again on that profile
 * (returning).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { fakeMicArgs } from '../../e2e/fake-mic-args.ts';
import { PROBE_SCRIPT, READ_PROBE, untilMarked, type ProbeRecord } from './probe.ts';
import {
  pressTimeline,
  type NetworkFetch,
  type Press,
  type QuestionAt,
  type StartCase,
} from './timeline.ts';

export interface PressOptions {
  siteUrl: string;
  /** The microphone's file (48 kHz WAV, played once from the page's first ask). */
  wav: string;
  /** Where the question is in `wav`; null: do not wait for an answer. */
  question: QuestionAt | null;
}

/** How long a start may take before the run says it never listened (ms). */
const LISTENING_TIMEOUT_MS = 60_000;
/** How long after the question's end an answer may take before the run gives up on it (ms). */
const ANSWER_TIMEOUT_MS = 20_000;

function launch(profile: string, wav: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    // The site and the relay are both on the loopback (another port): no local-network prompt.
    args: [...fakeMicArgs(wav), '--disable-features=LocalNetworkAccessChecks'],
    // No service worker: the site has none, and the relay's app is not what is measured.
    serviceWorkers: 'block',
  });
}

/** A browser on `profile`: its page with the probe installed, and what it fetches (its worker's too). */
async function openBrowser(
  profile: string,
  wav: string,
): Promise<{ context: BrowserContext; page: Page; net: NetworkFetch[] }> {
  const context = await launch(profile, wav);
  const page = context.pages()[0] ?? (await context.newPage());
  await page.addInitScript(PROBE_SCRIPT);
  const net: NetworkFetch[] = [];
  page.on('requestfinished', (request) => {
    const t = request.timing();
    net.push({
      url: request.url(),
      startEpochMs: t.startTime,
      endEpochMs: t.responseEnd >= 0 ? t.startTime + t.responseEnd : null,
    });
  });
  return { context, page, net };
}

/**
 * Waits for one of `marks` (see {@link untilMarked}); what went wrong if it did not come in time
 * (a problem the element told is in the probe's record already).
 */
async function waitFor(page: Page, marks: string[], timeoutMs: number): Promise<string | null> {
  const got = await page.evaluate<string>(untilMarked(marks, timeoutMs));
  return got === 'timeout' ? `no ${marks.join(' or ')} within ${timeoutMs} ms` : null;
}

/**
 * Presses Talk on the page just loaded and waits for the element's listening state (and, with a
 * question, for the first words of the answer); reads back when each point came.
 */
async function pressTalk(
  page: Page,
  net: NetworkFetch[],
  o: PressOptions,
): Promise<Omit<Press, 'case' | 'run'>> {
  await page.evaluate("customElements.whenDefined('parley-voice').then(() => true)");
  net.length = 0;
  await page.getByRole('button', { name: 'Talk', exact: true }).click();
  const problems: string[] = [];
  const notListening = await waitFor(page, ['state:listening'], LISTENING_TIMEOUT_MS);
  if (notListening !== null) problems.push(notListening);
  // The file starts at the first ask: the question ends `endMs` after it.
  else if (o.question) {
    const noAnswer = await waitFor(
      page,
      ['reply'],
      o.question.endMs + ANSWER_TIMEOUT_MS + LISTENING_TIMEOUT_MS,
    );
    if (noAnswer !== null) problems.push(noAnswer);
  }
  const record = await page.evaluate<ProbeRecord>(READ_PROBE);
  const press = pressTimeline(record, net, o.question);
  // The user ends the call before the page is loaded again: a call still going would be handed
  // over to the next page and come back by itself (across pages), with no Talk to press.
  await page.getByRole('button', { name: 'End', exact: true }).click();
  const notEnded = await waitFor(page, ['state:idle'], LISTENING_TIMEOUT_MS);
  if (notEnded !== null) problems.push(notEnded);
  return { ...press, errors: [...press.errors, ...problems] };
}

/**
 * The `cases` of one fresh profile, in order (cold first: it fills the profile's caches), each
 * one press of Talk; the profile is deleted afterwards.
 */
export async function runProfile(
  run: number,
  cases: readonly StartCase[],
  o: PressOptions,
): Promise<Press[]> {
  const profile = mkdtempSync(join(tmpdir(), 'parley-widget-start-profile-'));
  const presses: Press[] = [];
  let browser: Awaited<ReturnType<typeof openBrowser>> | null = null;
  try {
    for (const c of cases) {
      if (c === 'warm' && browser !== null) await browser.page.reload();
      else {
        // Cold: the profile is empty still; returning: the browser closed (its caches written
        // to the profile) and started again.
        await browser?.context.close();
        browser = await openBrowser(profile, o.wav);
        await browser.page.goto(o.siteUrl);
      }
      presses.push({ case: c, run, ...(await pressTalk(browser.page, browser.net, o)) });
    }
  } finally {
    await browser?.context.close();
    rmSync(profile, { recursive: true, force: true });
  }
  return presses;
}
