/**
 * One real conversation in Debian's Chromium, traced: the built app, served by a real relay, hears
 * a fake-microphone WAV (the e2e fixtures) and answers every phrase aloud. The page marks each
 * call-state change (`parley.phase:<state>`) from a MutationObserver on the talk button's state,
 * so the trace can be split into idle listening, user speaking, thinking and reply playback.
 */
import { withMicPage } from '../lib/mic-page.ts';
import { END_MARK, PHASE_MARK, type TraceEvent } from './trace.ts';

/**
 * What the measured runs record: every thread's top-level tasks (with thread CPU time), Chrome's
 * audio input/output callbacks and the page's marks. Few events per task, so tracing adds little.
 */
export const MEASURE_CATEGORIES = ['toplevel', 'audio', 'blink.user_timing'];
/**
 * The attribution run adds what each task did (JS calls, style, layout, paint, GC: about a fifth
 * more main-thread time, and half again on the AudioWorklet) and V8's sampling profiler on every
 * JS thread. Its shares say where the time goes; its totals are inflated.
 */
export const ATTRIBUTION_CATEGORIES = [
  ...MEASURE_CATEGORIES,
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8',
  'disabled-by-default-v8.cpu_profiler',
];

export interface ConversationOptions {
  /** The relay serving the app, e.g. `http://127.0.0.1:8123`. */
  baseUrl: string;
  /** Absolute path of the fake-microphone WAV. */
  wav: string;
  /** Phrases in the WAV: the run ends once this many replies are final and played. */
  turns: number;
  categories: string[];
  timeoutMs?: number;
}

export interface ConversationResult {
  trace: TraceEvent[];
  /** What the app reported at the end (from its debug window). */
  app: {
    contextRateHz: number | null;
    duplex: string | null;
    vadFrames: number | null;
    captureBlocks: number | null;
    vadLoadMs: number | null;
  };
  userAgent: string;
}

export async function runConversation(o: ConversationOptions): Promise<ConversationResult> {
  return withMicPage(o.wav, async (page, browser) => {
    // Browser code as text: this package is type-checked against Node, not the DOM.
    await page.addInitScript({
      content: `new MutationObserver((records) => {
        for (const r of records)
          if (r.target.getAttribute('data-testid') === 'call-state')
            performance.mark(${JSON.stringify(PHASE_MARK)} + r.target.getAttribute('data-state'));
      }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-state'] });`,
    });
    await browser.startTracing(page, { categories: o.categories });
    await page.goto(`${o.baseUrl}/`);
    await page.getByTestId('talk-button').click();
    const replies = page.getByTestId('assistant-utterance');
    const deadline = Date.now() + (o.timeoutMs ?? 120_000);
    for (;;) {
      const done =
        (await replies.count()) >= o.turns &&
        (await replies.nth(o.turns - 1).getAttribute('data-final')) === 'true' &&
        (await page.getByTestId('call-state').getAttribute('data-state')) === 'listening';
      if (done) break;
      if (Date.now() > deadline) throw new Error(`the conversation did not finish (${o.wav})`);
      await new Promise((r) => setTimeout(r, 500));
    }
    await page.evaluate(`performance.mark(${JSON.stringify(END_MARK)})`);
    const app = await page.evaluate<ConversationResult['app']>(`(() => {
      const d = window.__parley;
      return {
        contextRateHz: d?.capture?.contextRateHz ?? null,
        duplex: d?.store.getState().duplex ?? null,
        vadFrames: d?.vad?.framesProcessed ?? null,
        captureBlocks: d?.capture?.blocks ?? null,
        vadLoadMs: d?.vad?.loadMs ?? null,
      };
    })()`);
    const userAgent = await page.evaluate<string>('navigator.userAgent');
    const buffer = await browser.stopTracing();
    const parsed = JSON.parse(buffer.toString('utf8')) as
      { traceEvents: TraceEvent[] } | TraceEvent[];
    return { trace: Array.isArray(parsed) ? parsed : parsed.traceEvents, app, userAgent };
  });
}
