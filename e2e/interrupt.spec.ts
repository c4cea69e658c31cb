import { test } from './mic-test.ts';
import { recordReplyWire } from './control-wire.ts';
import { expectCutWhereItStopped, intoTheSecondSentence } from './interrupt-checks.ts';

// "What can you do" gets a three-sentence answer (about nine seconds), then quiet: the user
// stops it with the interrupt control, the talk control in its speaking state.
test.use({ micFile: 'long-reply' });

test('half duplex (laptop speakers): a click on the talk control stops the reply where it is', async ({
  page,
}) => {
  const wire = recordReplyWire(page);
  const turnId = await intoTheSecondSentence(page, wire, 'half');
  await page.getByTestId('talk-button').click();
  await expectCutWhereItStopped(page, wire, turnId);
});

test('full duplex: Esc stops the reply where it is, as a click does', async ({ page }) => {
  const wire = recordReplyWire(page);
  const turnId = await intoTheSecondSentence(page, wire, 'full');
  await page.keyboard.press('Escape');
  await expectCutWhereItStopped(page, wire, turnId);
});
