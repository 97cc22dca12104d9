// The doctor's scratch run reads the whole log of the hdev start it ran, the lines written as it
// stopped included, even when they are read after its exit was reported.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startScratchRun } from '../../src/doctor/live-run.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

const R12 = {
  source: 'heroku',
  dyno: 'web.1',
  message:
    'Error R12 (Exit timeout) -> At least one process failed to exit within 30 seconds of SIGTERM',
};

describe('the doctor’s scratch run', () => {
  it('observes the last log lines, written after the run’s exit was reported', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hdev-doctor-run-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    // Stands in for hdev start: it exits at once, and what it started writes the stop's last
    // line on the same pipe a moment later.
    const bin = join(dir, 'fake-start.cjs');
    writeFileSync(
      bin,
      [
        "const { spawn } = require('node:child_process');",
        `const line = ${JSON.stringify(JSON.stringify(R12))};`,
        "spawn('sh', ['-c', `sleep 0.3; printf '%s\\\\n' '${line}'`], { stdio: ['ignore', 'inherit', 'inherit'] });",
        'process.exit(0);',
      ].join('\n'),
    );
    const run = startScratchRun(bin, [], dir, 'test-marker');
    cleanups.push(() => run.child.kill('SIGKILL'));
    await run.exit;
    expect(run.exited).toBe(true);
    expect(run.observations.dynos.get('web.1')?.exitTimeout).toBe(R12.message);
  });
});
