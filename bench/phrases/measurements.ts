/**
 * The ways the empty screen's phrases are measured (`pnpm bench:phrases`), each a results file
 * in bench/results. A suggested phrase must be heard in every one of them: the first words a
 * relay hears are not the only ones a newcomer says (issue 65: "good morning" measured 20 of 20
 * on fresh relays only), and Moonshine writes the words once it is the default (PocketSphinx
 * still listens).
 */
export interface PhraseMeasurement {
  /** Its results file: bench/results/NAME.json (and .md). */
  name: string;
  /** The command that writes it. */
  command: string;
  /** What it measures, for the results and the tests' messages. */
  what: string;
}

export const MEASUREMENTS: readonly PhraseMeasurement[] = [
  {
    name: 'phrases',
    command: 'RUNS=5 pnpm bench:phrases',
    what: 'PocketSphinx, each run on a fresh relay (the first words its decoder hears)',
  },
  {
    name: 'phrases-warm',
    command: 'RUNS=5 RELAY=warm NAME=phrases-warm pnpm bench:phrases',
    what: 'PocketSphinx, a relay in use: one relay hears every run, phrases and voices shuffled',
  },
  {
    name: 'phrases-moonshine',
    command: 'RUNS=5 RELAY=warm ASR=moonshine NAME=phrases-moonshine pnpm bench:phrases',
    what: 'Moonshine writing the words (PocketSphinx listening), a relay in use',
  },
];
