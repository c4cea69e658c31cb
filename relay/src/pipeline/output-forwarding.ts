import type { TurnOutput } from './turn-options.ts';

/**
 * A turn output that hands each call on to `via`, which gives it the output to go to now (or
 * keeps it for later). The one forwarder of {@link TurnOutput}: its result is `Required`, so a
 * member added to `TurnOutput` and not forwarded here does not compile, and every wrapper
 * (held, re-worded, re-encoded) forwards through it rather than by hand.
 */
export function forwardingOutput(
  via: (call: (out: TurnOutput) => void) => void,
): Required<TurnOutput> {
  return {
    transcript: (text) => via((o) => o.transcript(text)),
    replyDelta: (text) => via((o) => o.replyDelta(text)),
    segment: (index, text, startSample) => via((o) => o.segment(index, text, startSample)),
    audio: (samples, packets) => via((o) => o.audio(samples, packets)),
    error: (err) => via((o) => o.error(err)),
    tool: (event) => via((o) => o.tool?.(event)),
  };
}

/** `target`, with the members of `own` in place of its own: everything else is forwarded. */
export function forwardTo(target: TurnOutput, own: Partial<TurnOutput> = {}): Required<TurnOutput> {
  return { ...forwardingOutput((call) => call(target)), ...own };
}
