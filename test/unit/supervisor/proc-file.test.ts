import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readProcFile } from '../../../src/supervisor/proc-file.js';

describe('readProcFile', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hdev-test-proc-file-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    { name: 'empty', bytes: 0 },
    { name: 'one read', bytes: 300 },
    { name: 'exactly the shared buffer', bytes: 16 * 1024 },
    { name: 'larger than the shared buffer', bytes: 40 * 1024 + 7 },
  ])('reads a whole file: $name', ({ bytes }) => {
    const file = path.join(dir, `f${bytes}`);
    const text = Array.from({ length: bytes }, (_, i) => String.fromCharCode(i % 256)).join('');
    writeFileSync(file, Buffer.from(text, 'latin1'));
    expect(readProcFile(file)).toBe(text);
  });

  it('does not let a large file leak into the next small one', () => {
    const large = path.join(dir, 'large');
    const small = path.join(dir, 'small');
    writeFileSync(large, 'x'.repeat(50_000));
    writeFileSync(small, 'small\0');
    expect(readProcFile(large)).toHaveLength(50_000);
    expect(readProcFile(small)).toBe('small\0');
  });

  it.runIf(process.platform === 'linux')('reads a file the kernel sizes as 0', () => {
    expect(readProcFile('/proc/self/stat')).toMatch(new RegExp(`^${process.pid} \\(`));
  });

  it('throws as readFileSync does for a missing file', () => {
    expect(() => readProcFile(path.join(dir, 'gone'))).toThrow(/ENOENT/);
  });
});
