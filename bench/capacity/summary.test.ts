import { describe, expect, it } from 'vitest';
import { breakingPoint, type StepSummary } from './summary.ts';

const row = (clients: number, holds: boolean) => ({ clients, holds }) as StepSummary;

describe('breakingPoint', () => {
  it('is the last step within the goal before the first one past it', () => {
    expect(
      breakingPoint([row(100, true), row(250, true), row(500, false), row(1000, true)]),
    ).toEqual({ holdsUpTo: 250, breaksAt: 500 });
  });

  it('says none when every step holds, or none does', () => {
    expect(breakingPoint([row(100, true), row(250, true)])).toEqual({
      holdsUpTo: 250,
      breaksAt: null,
    });
    expect(breakingPoint([row(100, false)])).toEqual({ holdsUpTo: null, breaksAt: 100 });
  });
});
