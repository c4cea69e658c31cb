import type { IntlShape } from 'react-intl';
import { formatMs } from '../../i18n/format.ts';
import type { OverReplyMark } from '../../state/types.ts';
import { reasonText } from './reason-text.ts';

/**
 * What the sounds over a reply did to it, as the turns table says it: "went on · backchannel
 * "yeah" (720 ms)" or "stopped · stop word "wait" (290 ms)", the time from the sound's onset to
 * the decision; several are joined; none is a dash.
 */
export function overReplyText(
  intl: IntlShape,
  marks: readonly OverReplyMark[] | undefined,
): string {
  if (!marks?.length) return '–';
  return marks
    .map((m) =>
      intl.formatMessage(
        { id: m.action === 'stop' ? 'overReply.stopped' : 'overReply.wentOn' },
        { reason: reasonText(intl, m.reason), ms: formatMs(intl, m.afterMs) },
      ),
    )
    .join('; ');
}
