/**
 * The microphone track a test page drives, for the init scripts that fake the microphone
 * (./cued-mic.ts, ./engines/harness.ts): an AudioContext whose MediaStream destination's track
 * `getUserMedia` hands out, so that what plays into the destination is what the app hears.
 *
 * Those scripts run in the page, serialised with `Function.prototype.toString`: they cannot
 * import this (the test runner's transform renames an import, and the page has none of it), so
 * {@link withMicFeed} serialises {@link openMicFeed} beside them and hands it to them as their
 * first argument.
 */

/** The context playing into the driven microphone, and the destination whose track it is. */
export interface MicFeed {
  context: AudioContext;
  destination: MediaStreamAudioDestinationNode;
}

/**
 * Opens a driven microphone (runs in the page: it uses nothing from outside its body). Make it
 * inside the user's gesture where the engine wants one (WebKit leaves a context made outside it
 * suspended). A track with nothing playing into it may have no channels (Gecko's has none until
 * something plays): a constant zero keeps it open before speech.
 */
export function openMicFeed(): MicFeed {
  const context = new AudioContext();
  void context.resume();
  const destination = context.createMediaStreamDestination();
  const zero = context.createConstantSource();
  zero.offset.value = 0;
  zero.connect(destination);
  zero.start();
  return { context, destination };
}

/**
 * The source of a script that runs `install` in the page, given {@link openMicFeed} and then
 * `args` (as JSON): `install` must use nothing from outside its own body either.
 */
export function withMicFeed<A extends unknown[]>(
  install: (openFeed: () => MicFeed, ...args: A) => void,
  ...args: A
): string {
  const rest = args.map((arg) => `, ${JSON.stringify(arg)}`).join('');
  return `(${install.toString()})(${openMicFeed.toString()}${rest});\n`;
}
