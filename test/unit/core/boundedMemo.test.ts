import { describe, expect, it } from 'vitest';
import { boundedMemo } from '../../../hub/core/boundedMemo';

describe('boundedMemo', () => {
  it('computes a key once, false answers included', () => {
    const asked: string[] = [];
    const even = boundedMemo(8, (key) => {
      asked.push(key);
      return key.length % 2 === 0;
    });
    expect([even('ab'), even('abc'), even('ab'), even('abc')]).toEqual([true, false, true, false]);
    expect(asked).toEqual(['ab', 'abc']);
  });

  it('holds at most `limit` answers, and leaves out the keys `remember` refuses', () => {
    const asked: string[] = [];
    const upper = boundedMemo(
      2,
      (key) => {
        asked.push(key);
        return key.toUpperCase();
      },
      (key) => key.length <= 3,
    );
    upper('a');
    upper('b');
    upper('c'); // full: starts over with c
    upper('a');
    upper('long key');
    upper('long key');
    expect(asked).toEqual(['a', 'b', 'c', 'a', 'long key', 'long key']);
    upper('c');
    expect(asked.at(-1)).toBe('long key');
  });
});
