import { describe, expect, it } from 'vitest';
import { loadOnce } from '../../../hub/core/loadOnce';

describe('loadOnce', () => {
  it('loads once and hands every caller the same promise', async () => {
    let loads = 0;
    const load = loadOnce(async () => ++loads);
    const first = load();
    expect(load()).toBe(first);
    expect(await first).toBe(1);
    expect(await load()).toBe(1);
    expect(loads).toBe(1);
  });

  it('fails the callers of a failed load, and the next call tries again', async () => {
    let loads = 0;
    const load = loadOnce(async () => {
      if (++loads === 1) throw new Error('broken install');
      return 'loaded';
    });
    const failing = load();
    expect(load()).toBe(failing);
    await expect(failing).rejects.toThrow('broken install');
    expect(await load()).toBe('loaded');
    expect(await load()).toBe('loaded');
    expect(loads).toBe(2);
  });
});
