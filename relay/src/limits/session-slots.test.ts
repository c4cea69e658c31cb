import { describe, expect, it } from 'vitest';
import { MemorySessionSlots } from './session-slots.ts';

function slots(maxPerUser: number, maxUsers?: number) {
  const s = new MemorySessionSlots(maxPerUser, maxUsers);
  const takenOver: string[] = [];
  s.onTakenOver((id) => takenOver.push(id));
  return { s, takenOver };
}

describe('MemorySessionSlots', () => {
  it('holds up to maxPerUser sessions per user, each once', async () => {
    const { s, takenOver } = slots(2);
    expect(await s.acquire('ada', 'a1')).not.toBeNull();
    expect(await s.acquire('ada', 'a2')).not.toBeNull();
    expect(await s.acquire('ada', 'a2')).not.toBeNull();
    expect(await s.acquire('ada', 'a3')).toBeNull();
    expect(await s.atUserLimit('ada')).toBe(true);
    expect(await s.acquire('bob', 'b1')).not.toBeNull();
    expect(takenOver).toEqual([]);
  });

  it('a new session takes the slot of the session that has waited longest for a resume', async () => {
    const { s, takenOver } = slots(3);
    const releases = await Promise.all(['a1', 'a2', 'a3'].map((id) => s.acquire('ada', id)));
    await s.detached('ada', 'a2');
    await s.detached('ada', 'a1');
    expect(await s.acquire('ada', 'a4')).not.toBeNull();
    expect(takenOver).toEqual(['a2']);
    expect(await s.acquire('ada', 'a5')).not.toBeNull();
    expect(takenOver).toEqual(['a2', 'a1']);
    // Every slot is held by a session with its connection now: the cap holds.
    expect(await s.acquire('ada', 'a6')).toBeNull();
    expect(s.count('ada')).toBe(3);
    // The ended sessions give back nothing: their slots are the newer sessions' now.
    releases[0]?.();
    releases[1]?.();
    expect(s.count('ada')).toBe(3);
    // A session whose slot was taken cannot come back, nor take a slot again.
    expect(await s.reattached('ada', 'a2')).toBe(false);
    releases[2]?.();
    expect(await s.acquire('ada', 'a2')).toBeNull();
    expect(await s.acquire('ada', 'a7')).not.toBeNull();
  });

  it('a session that came back is not taken over', async () => {
    const { s, takenOver } = slots(1);
    expect(await s.acquire('ada', 'a1')).not.toBeNull();
    await s.detached('ada', 'a1');
    expect(await s.reattached('ada', 'a1')).toBe(true);
    expect(await s.acquire('ada', 'a2')).toBeNull();
    expect(takenOver).toEqual([]);
  });

  it('never takes another user’s slot', async () => {
    const { s, takenOver } = slots(1);
    expect(await s.acquire('ada', 'a1')).not.toBeNull();
    await s.detached('ada', 'a1');
    expect(await s.acquire('bob', 'b1')).not.toBeNull();
    expect(await s.acquire('bob', 'b2')).toBeNull();
    expect(takenOver).toEqual([]);
  });

  it('frees a released slot once, and forgets users without slots', async () => {
    const { s } = slots(1, 1);
    const release = await s.acquire('ada', 'a1');
    expect(await s.acquire('bob', 'b1')).toBeNull();
    release?.();
    release?.();
    expect(s.count('ada')).toBe(0);
    expect(await s.acquire('bob', 'b1')).not.toBeNull();
  });
});
