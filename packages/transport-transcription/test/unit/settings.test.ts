import { describe, expect, it } from 'vitest';
import { sameValue } from '../../src/config/settings.js';

describe('sameValue', () => {
  it.each<[unknown, unknown, boolean]>([
    [{ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 }, true],
    [{ a: 1, b: undefined }, { a: 1 }, true],
    [[1, 2], [2, 1], false],
    [null, undefined, false],
    [{ a: null }, {}, false],
    [{ a: { b: 1 } }, { a: { b: 2 } }, false],
  ])('sameValue(%j, %j) is %s', (a, b, expected) => {
    expect(sameValue(a, b)).toBe(expected);
  });
});
