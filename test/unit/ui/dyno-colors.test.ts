import { describe, expect, it } from 'vitest';
import { DYNO_PALETTE, DynoColors, paletteColor } from '../../../src/ui/dyno-colors.js';

describe('paletteColor', () => {
  it.each<[number, string]>([
    [0, 'cyan'],
    [1, 'yellow'],
    [4, 'blue'],
    [7, 'greenBright'],
    [8, 'cyan'],
    [17, 'yellow'],
  ])('dyno %i is %s', (index, color) => {
    expect(paletteColor(index)).toBe(color);
  });

  it('never uses red, which reads as an error', () => {
    expect(DYNO_PALETTE).not.toContain('red');
  });
});

describe('DynoColors', () => {
  it('keeps the colour a dyno was first given', () => {
    const colors = new DynoColors();
    expect(colors.colorOf('web.1')).toBe('cyan');
    expect(colors.colorOf('worker.1')).toBe('yellow');
    expect(colors.colorOf('web.1')).toBe('cyan');
  });
});
