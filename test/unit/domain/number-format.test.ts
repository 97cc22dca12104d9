import { describe, expect, it } from 'vitest';
import { groupThousands } from '../../../src/domain/number-format.js';

describe('groupThousands', () => {
  it.each([
    [0, '0'],
    [7, '7'],
    [999, '999'],
    [1000, '1,000'],
    [1500, '1,500'],
    [20303, '20,303'],
    [1234567, '1,234,567'],
    [1234567.25, '1,234,567.25'],
    [-1234, '-1,234'],
  ])('%d is %s', (value, text) => {
    expect(groupThousands(value)).toBe(text);
  });
});
