import { describe, expect, it } from 'vitest';
import { rovingTarget } from '../../../src/viz/rovingFocus';

describe('rovingTarget', () => {
  const items = ['a', 'b', 'c'];
  it.each([
    ['ArrowDown', 1, 'c'],
    ['ArrowRight', 2, 'c'],
    ['ArrowUp', 1, 'a'],
    ['ArrowLeft', 0, 'a'],
    ['Home', 2, 'a'],
    ['End', 0, 'c'],
    ['Enter', 1, undefined],
  ])('%s from %i goes to %s, staying inside the list', (key, at, expected) => {
    expect(rovingTarget(items, at, key)).toBe(expected);
  });
});
