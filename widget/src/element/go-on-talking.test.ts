import { describe, expect, it } from 'vitest';
import type { GoOnProbe } from '../call/go-on.ts';
import type { WidgetInput, WidgetModel } from '../model.ts';
import { GoOnTalking, type GoOnHost } from './go-on-talking.ts';

/** A browser that lets the page play and listen (`free`), or not. */
const browser = (free: boolean): GoOnProbe => ({
  autoplayPolicy: () => (free ? 'allowed' : 'allowed-muted'),
  audioRuns: () => Promise.resolve(free),
  micPermission: () => Promise.resolve(free ? 'granted' : 'prompt'),
});

/** An element as GoOnTalking sees it (`host`), and what it was told and did (`seen`). */
function element(call: WidgetModel['call'] = 'none') {
  const seen = { call, told: [] as WidgetInput[], talks: 0 };
  const host: GoOnHost = {
    settings: () => ({ relayUrl: 'https://relay.example', acrossPages: true }),
    ensureCall: () => Promise.resolve(null),
    callNow: () => seen.call,
    input: (input) => seen.told.push(input),
    // Talk starts the call.
    talk: () => {
      seen.talks += 1;
      seen.call = 'on';
      return Promise.resolve();
    },
  };
  return { host, seen };
}

describe('a conversation handed over, brought back by the element', () => {
  it('a spoken call goes on by itself where the browser lets it, muted if it was', async () => {
    const { host, seen } = element();
    const goOn = new GoOnTalking(host, () => browser(true));
    await goOn.handedOver('call', true);
    expect(seen.told).toEqual([{ type: 'handed-over', goOn: false }]);
    expect(seen.talks).toBe(1);
    const muted: boolean[] = [];
    goOn.started({ mute: (m) => muted.push(m === true) });
    expect(muted).toEqual([true]);
    expect(seen.told.at(-1)).toEqual({ type: 'mute', muted: true });
    // Once: a later start is not muted by it.
    goOn.started({ mute: (m) => muted.push(m === true) });
    expect(muted).toEqual([true]);
  });

  it('waits for a tap where the browser would not play or would ask for the microphone', async () => {
    const { host, seen } = element();
    await new GoOnTalking(host, () => browser(false)).handedOver('call', false);
    expect(seen.told).toEqual([{ type: 'handed-over', goOn: true }]);
    expect(seen.talks).toBe(0);
  });

  it('a typed conversation opens typed, with no probe of the browser', async () => {
    const { host, seen } = element();
    const probe = () => {
      throw new Error('not asked');
    };
    await new GoOnTalking(host, probe).handedOver('typed', false);
    expect(seen.told).toEqual([{ type: 'handed-over', goOn: false }]);
    expect(seen.talks).toBe(0);
  });

  it('leaves a call alone that Talk already started while the code loaded', async () => {
    const { host, seen } = element('loading');
    await new GoOnTalking(host, () => browser(true)).handedOver('call', false);
    expect(seen.told).toEqual([]);
    expect(seen.talks).toBe(0);
  });
});
