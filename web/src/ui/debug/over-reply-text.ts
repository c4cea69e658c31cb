import type { OverReplyMark } from '../../state/types.ts';

/**
 * What the sounds over a reply did to it, as the turns table says it: "went on · backchannel
 * "yeah" (720 ms)" or "stopped · stop word "wait" (290 ms)", the time from the sound's onset to
 * the decision; several are joined; none is a dash.
 */
export function overReplyText(marks: readonly OverReplyMark[] | undefined): string {
  if (!marks?.length) return '–';
  return marks
    .map((m) => `${m.action === 'stop' ? 'stopped' : 'went on'} · ${m.reason} (${m.afterMs} ms)`)
    .join('; ');
}
