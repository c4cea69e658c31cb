import { expect, type Locator } from '@playwright/test';

/** The offline responder's answer to "what time is it". */
export const TIME_ANSWER = /^It's \d{1,2}:\d{2} [AP]M\.$/;

/**
 * The microphone files' "what time is it" was heard from its start and answered: with the time
 * when PocketSphinx read the words whole, with another answer when it read them otherwise (its
 * last word is at times "a" on a loaded runner, CI of 2026-11-28: "what time is a"). For the
 * specs whose point is not that reading; audio lost or at a wrong rate is not read as "what
 * time is" at all.
 */
export async function timeQuestionAnswered(user: Locator, reply: Locator): Promise<void> {
  await expect(user).toHaveAttribute('data-final', 'true');
  await expect(user).toHaveText(/^what time is\b/i);
  await expect(reply).toHaveAttribute('data-final', 'true');
  if (/^what time is it$/i.test((await user.textContent()) ?? ''))
    await expect(reply).toHaveText(TIME_ANSWER);
  else await expect(reply).toHaveText(/\w/);
}
