import { describe, expect, it } from 'vitest';
import { LOG_HISTORY_LINES, LOG_HISTORY_LINES_TEXT } from '../../../src/domain/defaults.js';

describe('LOG_HISTORY_LINES_TEXT', () => {
  it('writes the history size as Heroku does, with a thousands separator', () => {
    expect(LOG_HISTORY_LINES_TEXT).toBe(LOG_HISTORY_LINES.toLocaleString('en-US'));
    expect(LOG_HISTORY_LINES_TEXT).toBe('1,500');
  });
});
