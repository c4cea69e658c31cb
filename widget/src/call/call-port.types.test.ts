import { describe, expectTypeOf, it } from 'vitest';
import type { createParleyCall, ParleyCall, ParleyCallOptions } from '@parley/client';
import type { CreateWidgetCall, WidgetCall, WidgetCallOptions } from './call-port.ts';

// The port is §3.2 of docs/design/client-package.md, word for word: the package's `ParleyCall`
// satisfies it as it is, with no adapter. Types only: the widget's runtime never imports the
// package (its loader stays small; the call's bundle is fetched at the first press of Talk).

type CreateParleyCall = typeof createParleyCall;

describe('the widget’s call port', () => {
  it('is satisfied by §3.2’s ParleyCall and createParleyCall, with no adapter', () => {
    expectTypeOf<ParleyCall>().toExtend<WidgetCall>();
    expectTypeOf<CreateParleyCall>().toExtend<CreateWidgetCall>();
    // What the widget passes is what createParleyCall takes.
    expectTypeOf<WidgetCallOptions>().toExtend<ParleyCallOptions>();
  });
});
