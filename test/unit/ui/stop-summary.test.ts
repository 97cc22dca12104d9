import { describe, expect, it } from 'vitest';
import { formatStopSummary } from '../../../src/ui/stop-summary.js';

describe('formatStopSummary', () => {
  it('says how the run ended when nothing crashed', () => {
    expect(
      formatStopSummary({
        cause: 'stopped by q',
        exitCode: 0,
        report: { crashes: [], running: [] },
      }),
    ).toBe('hdev: stopped by q; exit code 0; every dyno stopped\n');
  });

  it("shows each crashed dyno's last lines and exit line, made safe", () => {
    expect(
      formatStopSummary({
        cause: 'stopped by SIGTERM',
        exitCode: 130,
        report: {
          crashes: [
            {
              dyno: 'web.1',
              crashes: 2,
              exitLine: 'Process exited with status 1',
              lastLines: ['Error: \x1b[31mboom\x1b[0m', '    at main (index.js:3)'],
            },
            { dyno: 'worker.1', crashes: 1, exitLine: undefined, lastLines: [] },
          ],
          running: ['web.2'],
        },
      }),
    ).toBe(
      [
        'hdev: stopped by SIGTERM; exit code 130; still running: web.2',
        'hdev: web.1 crashed 2 times; its last lines:',
        '  web.1 | Error: boom',
        '  web.1 |     at main (index.js:3)',
        '  web.1 » Process exited with status 1',
        'hdev: worker.1 crashed once; it printed nothing',
        '',
      ].join('\n'),
    );
  });
});
