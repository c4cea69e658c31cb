import type { SessionMetricsLine } from '@parley/shared';
import { describeError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import type { EndedCursor, EndedRange, Storage } from '../storage/index.ts';

/** Sessions read per query while an export streams: one page is all it holds in memory. */
export const EXPORT_PAGE = 500;

/**
 * The JSON Lines of the sessions that ended in `range` (one `SessionMetricsLine` a line, in
 * the order they ended), a page read each time the reader wants more — the stream's
 * back-pressure: a slow client holds one page, not the database. A read that fails mid-way
 * ends the stream with an error (the client sees a cut response; the log says why).
 */
export function sessionMetricsJsonl(
  storage: Pick<Storage, 'sessionMetrics'>,
  range: EndedRange,
  log: Logger,
  pageSize = EXPORT_PAGE,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after: EndedCursor | null = null;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const page = await storage.sessionMetrics.page(range, after, pageSize);
          const last = page.at(-1);
          if (last !== undefined) {
            controller.enqueue(encoder.encode(page.map(jsonLine).join('')));
            after = { endedAt: last.endedAt, sessionId: last.sessionId };
          }
          if (page.length < pageSize) controller.close();
        } catch (err) {
          log.error({ err: describeError(err) }, 'session metrics export failed');
          controller.error(err);
        }
      },
    },
    // Nothing read ahead of the reader.
    { highWaterMark: 0 },
  );
}

const jsonLine = (l: SessionMetricsLine) => `${JSON.stringify(l)}\n`;
