import type { LanguageDrift } from '@parley/shared';
import { languageDrift } from '../language/language-check.ts';
import type { TracedTurn } from '../observability/tracing/turn-trace.ts';

/**
 * Notes whether a whole reply drifted out of the conversation's language (issue 62): the drift,
 * to go with the turn's `turn.done` (the latency panel shows it) and its trace (an attribute of
 * a span of its own), or null. Run once the reply has been said, so it never delays a word of it;
 * a drift is noted, never corrected (asking the model again would cost a whole reply).
 */
export function noteLanguageDrift(
  reply: string,
  language: string | undefined,
  trace: TracedTurn | undefined,
): LanguageDrift | null {
  if (language === undefined) return null;
  const drift = languageDrift(reply, language);
  if (drift)
    trace?.turn
      .stage('language drift', {
        'parley.language.expected': drift.expected,
        'parley.language.detected': drift.detected,
      })
      .end();
  return drift;
}
