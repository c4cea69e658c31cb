import type { ReminderItem } from '@parley/shared';
import { REMINDER_CHIME } from '../audio/earcon.ts';
import { voiceSample } from '../audio/voice-sample.ts';
import type { LinkSound } from './link-sound.ts';

export interface BellDeps {
  /** Rings it aloud: a chime, then its words. Resolves when it is over. */
  ring(reminder: ReminderItem): Promise<void>;
  /** Tells the relay this page rang it (so it is not sent again). */
  rang(id: string): void;
  /** Told of a ring that failed (no sound, no words): the notice still shows it. */
  failed(err: unknown): void;
}

/**
 * Rings each due reminder the relay sends (`reminder.due`) once on this page, and says it rang
 * it every time the relay asks: a page whose word was lost (it went away first) is asked again
 * at its next connect, and must not ring twice.
 */
export class ReminderBell {
  /** @param rung the ids rung already: the page's (a push may have rung one), or its own */
  constructor(
    private readonly d: BellDeps,
    private readonly rung = new Set<string>(),
  ) {}

  due(reminder: ReminderItem): void {
    const first = !this.rung.has(reminder.id);
    this.rung.add(reminder.id);
    this.d.rang(reminder.id);
    if (first) this.d.ring(reminder).catch((err: unknown) => this.d.failed(err));
  }
}

/**
 * A page's ring when it has none of its own: the chime, through the speaker the user chose
 * (nothing is fetched, nothing said).
 */
export function chimeOnly(sound: Pick<LinkSound, 'speakerDeviceId'>): BellDeps['ring'] {
  return async () => {
    const sample = voiceSample(sound.speakerDeviceId());
    try {
      await sample.chime(REMINDER_CHIME);
    } finally {
      sample.close();
    }
  };
}
