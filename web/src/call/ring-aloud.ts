import type { ReminderItem } from '@parley/shared';
import { REMINDER_CHIME, voiceSample, type LinkSound } from '@parley/client/internal';
import { fetchReminderSpeech } from '../net/tools-api.ts';

/**
 * The browser's ring: the chime through the speaker the user chose, and meanwhile the words
 * fetched in the user's voice, said after it — unless replies are text only (a typed
 * conversation with "Speak replies" off): then the chime alone.
 */
export function ringAloud(sound: LinkSound): (reminder: ReminderItem) => Promise<void> {
  return async (reminder) => {
    const speak = sound.speaks();
    const sample = voiceSample(sound.speakerDeviceId());
    const words = speak ? fetchReminderSpeech(reminder.id) : null;
    try {
      await sample.chime(REMINDER_CHIME);
      if (words) await sample.play(await words);
    } finally {
      sample.close();
    }
  };
}
