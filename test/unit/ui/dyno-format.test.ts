import { describe, expect, it } from 'vitest';
import type { DynoState } from '../../../src/domain/dyno-state.js';
import {
  formatCpu,
  formatMemory,
  formatOptional,
  formatUptime,
  stateStyle,
  type TextStyle,
} from '../../../src/ui/dyno-format.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('formatUptime', () => {
  it.each<[number, string]>([
    [0, '0s'],
    [999, '0s'],
    [42 * S, '42s'],
    [59 * S + 999, '59s'],
    [M, '1m 0s'],
    [5 * M + 3 * S, '5m 3s'],
    [59 * M + 59 * S, '59m 59s'],
    [H, '1h 0m'],
    [2 * H + 5 * M + 30 * S, '2h 5m'],
    [D, '1d 0h'],
    [3 * D + 4 * H + 59 * M, '3d 4h'],
    [-5 * S, '0s'],
  ])('%i ms is %s', (ms, expected) => {
    expect(formatUptime(ms)).toBe(expected);
  });
});

describe('formatCpu', () => {
  it.each<[number | undefined, string]>([
    [undefined, '–'],
    [Number.NaN, '–'],
    [0, '0.0%'],
    [0.04, '0.0%'],
    [12.345, '12.3%'],
    [99.94, '99.9%'],
    [100, '100%'],
    [250.4, '250%'],
    [-1, '0.0%'],
  ])('%s is %s', (percent, expected) => {
    expect(formatCpu(percent)).toBe(expected);
  });
});

describe('formatMemory', () => {
  it.each<[number | undefined, string]>([
    [undefined, '–'],
    [0, '0.0 MiB'],
    [4.2 * 1024 * 1024, '4.2 MiB'],
    [50 * 1024 * 1024, '50 MiB'],
    [1536 * 1024 * 1024, '1536 MiB'],
  ])('%s bytes is %s', (bytes, expected) => {
    expect(formatMemory(bytes)).toBe(expected);
  });
});

describe('formatOptional', () => {
  it.each<[number | undefined, string]>([
    [undefined, '–'],
    [5001, '5001'],
    [0, '0'],
  ])('%s is %s', (value, expected) => {
    expect(formatOptional(value)).toBe(expected);
  });
});

describe('stateStyle', () => {
  it.each<[DynoState, TextStyle]>([
    ['starting', { color: 'yellow' }],
    ['up', { color: 'green' }],
    ['crashed', { color: 'red' }],
    ['stopping', { color: 'gray', dim: true }],
    ['down', { color: 'gray', dim: true }],
    ['complete', { color: 'gray', dim: true }],
  ])('%s', (state, style) => {
    expect(stateStyle(state)).toEqual(style);
  });
});
