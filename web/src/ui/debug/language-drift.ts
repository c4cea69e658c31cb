import type { IntlShape } from 'react-intl';
import type { LanguageDrift } from '@parley/shared';

/** A language's name in the page's language ("Engels" on a Dutch page); the tag where unknown. */
function languageName(intl: IntlShape, tag: string): string {
  try {
    return intl.formatDisplayName(tag, { type: 'language' }) ?? tag;
  } catch {
    return tag;
  }
}

/**
 * The latency panel's line for a reply that drifted out of the conversation's language (issue
 * 62): "reply in English, not in Dutch: …", in the page's language.
 */
export function languageDriftLine(intl: IntlShape, drift: LanguageDrift): string {
  return intl.formatMessage(
    { id: 'debug.languageDrift' },
    { detected: languageName(intl, drift.detected), expected: languageName(intl, drift.expected) },
  );
}
