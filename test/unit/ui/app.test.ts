import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import {
  FakeEngine,
  batchOf,
  dyno,
  snapshotOf,
  type EngineCall,
} from '../../helpers/fake-engine.js';
import { KEYS, plain, renderApp, visibleWidth } from './harness.js';

afterEach(() => {
  cleanup();
});

/** The log pane's rows: everything under the title bar and above the footer. */
function logRows(frame: string): string[] {
  const lines = frame.split('\n');
  const title = lines.findIndex((line) => line.startsWith('── '));
  return lines.slice(title + 1, -1);
}

describe('App', () => {
  it('shows the app, release, router and formation in the header', async () => {
    const ui = await renderApp(new FakeEngine());
    const header = plain(ui.frame()).split('\n')[0];
    expect(header).toContain('myapp');
    expect(header).toContain('v3');
    expect(header).toContain('http://localhost:5006');
    expect(header).toContain('web=2 worker=1');
  });

  it('shows each add-on server and its state in the header', async () => {
    const addon = (name: string, service: string, state: 'up' | 'starting') => ({
      name,
      service,
      state,
      stateSince: 0,
      port: 5433,
      pid: 77,
      configVars: [`${name}_URL`],
    });
    const ui = await renderApp(
      new FakeEngine(
        snapshotOf({
          addons: [
            addon('DATABASE', 'heroku-postgresql', 'up'),
            addon('REDIS', 'heroku-redis', 'starting'),
          ],
        }),
      ),
    );
    const header = plain(ui.frame()).split('\n')[0];
    expect(header).toContain('DATABASE up');
    expect(header).toContain('REDIS starting');
  });

  it('lists every dyno with its state, uptime, restarts, port, pid, CPU and memory', async () => {
    const ui = await renderApp(new FakeEngine());
    const lines = plain(ui.frame()).split('\n');
    const row = (name: string): string[] =>
      (lines.find((line) => line.includes(name)) ?? '')
        .replace('›', '')
        .trim()
        .split(/\s{2,}/);
    expect(row('web.1')).toEqual(['web.1', 'up', '5m 3s', '0', '5001', '4101', '1.5%', '50 MiB']);
    expect(row('web.2')).toEqual(['web.2', 'starting', '5m 3s', '0', '5002', '4102', '–', '–']);
    expect(row('worker.1')).toEqual(['worker.1', 'crashed', '5m 3s', '2', '–', '–', '–', '–']);
  });

  it('highlights the chosen dyno and moves the choice with the arrow keys', async () => {
    const ui = await renderApp(new FakeEngine());
    expect(plain(ui.frame())).toMatch(/› web\.1/);
    await ui.press(KEYS.down, KEYS.down);
    await ui.waitForFrame((text) => /› worker\.1/.test(text), 'worker.1 chosen');
    await ui.press(KEYS.down);
    expect(plain(ui.frame())).toMatch(/› worker\.1/);
  });

  it('follows the snapshot as dynos change', async () => {
    const engine = new FakeEngine();
    const ui = await renderApp(engine);
    engine.update({ dynos: [dyno('web.1', { state: 'stopping' })], phase: 'rolling out v4…' });
    await ui.waitForFrame((text) => text.includes('stopping') && !text.includes('web.2'));
    expect(plain(ui.frame())).toContain('rolling out v4…');
  });

  it('shows the log history, then new lines, with a prefix per dyno', async () => {
    const engine = new FakeEngine();
    engine.history.push(batchOf('web.1', ['booted from history']));
    const ui = await renderApp(engine);
    expect(plain(ui.frame())).toMatch(/web\.1 +\| booted from history/);
    engine.log('worker.1', ['working']);
    engine.log('web.1', ['State changed from starting to up'], 'heroku');
    const frame = await ui.waitForFrame((text) => text.includes('State changed'));
    expect(frame).toMatch(/worker\.1 +\| working/);
    // Platform lines stand apart with their own mark.
    expect(frame).toMatch(/web\.1 +» State changed from starting to up/);
  });

  it('filters the log to the chosen dyno on enter, and shows all again on a', async () => {
    const engine = new FakeEngine();
    const ui = await renderApp(engine);
    engine.log('web.1', ['from web one']);
    engine.log('web.2', ['from web two']);
    await ui.waitForFrame((text) => text.includes('from web two'));
    await ui.press(KEYS.down, KEYS.enter);
    const filtered = await ui.waitForFrame((text) => !text.includes('from web one'), 'a filter');
    expect(logRows(filtered).join('\n')).toContain('from web two');
    expect(filtered).toContain('── web.2');
    await ui.press('a');
    const all = await ui.waitForFrame((text) => text.includes('from web one'), 'all dynos');
    expect(all).toContain('── all dynos');
  });

  it('searches the log as the search is typed, ignoring case; enter keeps it, esc clears it', async () => {
    const engine = new FakeEngine();
    const ui = await renderApp(engine);
    engine.log('web.1', ['GET /health 200', 'ERROR: database timeout', 'GET /users 200']);
    await ui.waitForFrame((text) => text.includes('GET /users'));
    await ui.press('/', 'e', 'r', 'r');
    const searching = await ui.waitForFrame((text) => !text.includes('GET /users'), 'a search');
    expect(logRows(searching).join('\n')).toContain('ERROR: database timeout');
    expect(searching).toContain('/err');
    await ui.press(KEYS.enter);
    const kept = await ui.waitForFrame((text) => text.includes('q quit'), 'the prompt closed');
    expect(kept).not.toContain('GET /users');
    expect(kept).toContain('"err"');
    await ui.press('/', KEYS.escape);
    await ui.waitForFrame((text) => text.includes('GET /users') && text.includes('q quit'));
  });

  it('takes a pasted search in one piece', async () => {
    const engine = new FakeEngine();
    const ui = await renderApp(engine);
    engine.log('web.1', ['alpha', 'beta']);
    await ui.waitForFrame((text) => text.includes('beta'));
    await ui.press('/bet\r');
    const frame = await ui.waitForFrame(
      (text) => !text.includes('alpha') && text.includes('"bet"'),
    );
    expect(frame).toContain('beta');
  });

  it.each<[string, readonly string[], EngineCall]>([
    ['+ scales the chosen type up', ['+'], ['scale', [{ type: 'web', op: '+', amount: 1 }]]],
    ['- scales the chosen type down', ['-'], ['scale', [{ type: 'web', op: '-', amount: 1 }]]],
    [
      '+ on worker.1 scales worker',
      [KEYS.down, KEYS.down, '+'],
      ['scale', [{ type: 'worker', op: '+', amount: 1 }]],
    ],
    ['r restarts the chosen dyno', [KEYS.down, 'r'], ['restart', 'web.2']],
    ['R restarts every dyno', ['R'], ['restart', undefined]],
    ['s stops the chosen dyno', ['s'], ['stop', 'web.1']],
    ['q quits', ['q'], ['requestStop']],
    ['Ctrl-C quits', [KEYS.ctrlC], ['requestStop']],
    ['Ctrl-C quits from the search prompt', ['/', KEYS.ctrlC], ['requestStop']],
  ])('%s', async (_name, keys, call) => {
    const engine = new FakeEngine();
    const ui = await renderApp(engine);
    await ui.press(...keys);
    expect(engine.calls).toEqual([call]);
  });

  it('sends no command for a dyno when there is none', async () => {
    const engine = new FakeEngine(snapshotOf({ dynos: [] }));
    const ui = await renderApp(engine);
    await ui.press('r', 's', '+');
    expect(engine.calls).toEqual([]);
    expect(plain(ui.frame())).toContain('no dynos running');
  });

  it('opens and closes the help overlay with ?', async () => {
    const ui = await renderApp(new FakeEngine());
    await ui.press('?');
    const help = await ui.waitForFrame((text) => text.includes('Keys'), 'the help');
    for (const does of ['choose a dyno', 'restart all dynos', 'stop the chosen dyno', 'quit']) {
      expect(help).toContain(does);
    }
    await ui.press('?');
    await ui.waitForFrame((text) => !text.includes('restart all dynos') && text.includes('DYNO'));
  });

  it("shows a command's outcome in the footer, and the shutdown before it", async () => {
    const engine = new FakeEngine();
    engine.scaleOutcome = { value: new Map([['web', 3]]) };
    const ui = await renderApp(engine);
    await ui.press('+');
    await ui.waitForFrame((text) => text.split('\n').at(-1) === 'Scaled to web@3');
    engine.update({ shutdown: 'stopping 3 dynos…' });
    const frame = await ui.waitForFrame((text) => text.includes('stopping 3 dynos…'));
    expect(frame.split('\n').at(-1)).toBe('stopping 3 dynos… · Scaled to web@3');
  });

  it('shows why a command failed in the footer', async () => {
    const engine = new FakeEngine();
    engine.targetsOutcome = { error: new Error('no such dyno') };
    const ui = await renderApp(engine);
    await ui.press('r');
    await ui.waitForFrame((text) => text.split('\n').at(-1) === 'failed: no such dyno');
  });

  it('shows a deploy in progress in the footer until it is done', async () => {
    const engine = new FakeEngine();
    const ui = await renderApp(engine);
    engine.update({ phase: 'building v4…' });
    await ui.waitForFrame((text) => text.split('\n').at(-1) === 'building v4…');
    engine.update({ phase: undefined });
    await ui.waitForFrame((text) => text.split('\n').at(-1)?.includes('q quit') === true);
  });

  it('keeps escape codes, carriage returns and binary out of the frame', async () => {
    const engine = new FakeEngine();
    const ui = await renderApp(engine);
    engine.log('web.1', [
      '\x1b[31mred text\x1b[0m\x1b[2J\x1b[H\x1b]0;title\x07 after',
      'progress 10%\rprogress 50%\rprogress 100%',
      Buffer.from([0x62, 0x69, 0x6e, 0x00, 0x01, 0xff, 0xfe, 0x07, 0x1b]),
      'tab\there',
    ]);
    const frame = await ui.waitForFrame((text) => text.includes('tab'));
    // Ink's own colours are the only escape codes allowed through.
    /* eslint-disable no-control-regex -- looking for control characters is the point */
    const withoutColours = ui.frame().replace(/\x1b\[[0-9;]*m/g, '');
    expect(withoutColours).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f]/);
    /* eslint-enable no-control-regex */
    expect(frame).toContain('red text after');
    expect(frame).toContain('progress 100%');
    expect(frame).not.toContain('progress 50%');
    expect(frame).toContain('bin\uFFFD');
    expect(frame).toContain('tab     here');
  });

  it('scrolls back through the log and follows again', async () => {
    const engine = new FakeEngine();
    const ui = await renderApp(engine);
    engine.log(
      'web.1',
      Array.from({ length: 100 }, (_, i) => `line ${i}`),
    );
    await ui.waitForFrame((text) => text.includes('line 99'));
    await ui.press(KEYS.pageUp);
    const paused = await ui.waitForFrame((text) => !text.includes('line 99'), 'a page up');
    expect(paused).toContain('paused');
    engine.log('web.1', ['line 100']);
    await ui.press('k');
    expect(plain(ui.frame())).not.toContain('line 100');
    await ui.press('g');
    await ui.waitForFrame((text) => text.includes('line 0\n'), 'the oldest line');
    await ui.press('G');
    const following = await ui.waitForFrame((text) => text.includes('line 100'), 'following');
    expect(following).toContain('following');
  });

  it('shows router lines in one row, coloured by status, and whole with v', async () => {
    const engine = new FakeEngine();
    const ui = await renderApp(engine, { columns: 80, rows: 24 });
    const ok =
      'at=info method=GET path="/" host=localhost:5006 request_id=0b7f6a52-1d1e-4b4e-9c5e-2f3c2a1d0e9f fwd="127.0.0.1" dyno=web.1 connect=0ms service=1ms status=200 bytes=512 protocol=http';
    const timeout =
      'at=error code=H12 desc="Request timeout" method=GET path="/slow" host=localhost:5006 request_id=7c1d fwd="127.0.0.1" dyno=web.1 connect=0ms service=30000ms status=503 bytes=0 protocol=http';
    engine.log('router', [ok, timeout], 'heroku');
    const compact = await ui.waitForFrame((text) => text.includes('H12'));
    const rows = logRows(plain(compact)).filter((row) => row.trim() !== '');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/router +» GET \/ → web\.1 200 1ms 512B$/);
    expect(rows[1]).toMatch(/router +» H12 GET \/slow → web\.1 503 30000ms Request timeout$/);
    // (Its colour is paneRows' to choose: log-rows.test.ts. Tests run without colours.)

    await ui.press('v');
    const full = await ui.waitForFrame((text) => text.includes('request_id=7c1d'));
    expect(logRows(full).filter((row) => row.trim() !== '').length).toBeGreaterThan(4);
    expect(plain(full)).toMatch(/router +» at=info method=GET path="\/" host=localhost:5006/);
    await ui.press('v');
    await ui.waitForFrame((text) => text.includes('GET / → web.1 200 1ms 512B'));
    await ui.resize({ columns: 100, rows: 24 });
    await ui.waitForFrame((text) => text.includes('v router'), 'the key in the footer hints');
    await ui.press('?');
    await ui.waitForFrame((text) => /v +router lines: one short row/.test(text), 'v in the help');
  });

  it('stops and resumes following with f', async () => {
    const engine = new FakeEngine();
    const ui = await renderApp(engine);
    engine.log('web.1', ['first']);
    await ui.waitForFrame((text) => text.includes('first'));
    await ui.press('f');
    await ui.waitForFrame((text) => text.includes('paused'));
    engine.log(
      'web.1',
      Array.from({ length: 40 }, (_, i) => `later ${i}`),
    );
    await ui.press('j');
    expect(plain(ui.frame())).toContain('first');
    await ui.press('f');
    await ui.waitForFrame((text) => text.includes('later 39') && text.includes('following'));
  });

  it('renders a flood of log batches in a few frames, not one per batch', async () => {
    const engine = new FakeEngine();
    const ui = await renderApp(engine);
    const before = ui.frameCount();
    for (let i = 0; i < 5000; i++) engine.log('web.1', [`flood ${i}`]);
    // 5000 batches ask for one frame, drawn once the frame is due.
    expect(ui.flushFrames()).toBe(1);
    await ui.waitForFrame((text) => text.includes('flood 4999'));
    expect(ui.flushFrames()).toBe(0);
    expect(ui.frameCount() - before).toBe(1);
  });

  it('fits an 80×24 terminal and follows resizes', async () => {
    const engine = new FakeEngine(
      snapshotOf({
        dynos: Array.from({ length: 12 }, (_, i) =>
          dyno(`web.${i + 1}`, { port: 5001 + i, pid: 40_000 + i, restarts: 123 }),
        ),
        phase: `a phase that goes on and on ${'and on '.repeat(20)}`,
      }),
    );
    const ui = await renderApp(engine, { columns: 80, rows: 24 });
    engine.log('web.1', [
      `a long line ${'x'.repeat(300)}`,
      `words ${'lorem ipsum '.repeat(30)}`,
      '漢字'.repeat(60),
    ]);
    for (const size of [
      { columns: 80, rows: 24 },
      { columns: 60, rows: 16 },
      { columns: 120, rows: 40 },
    ]) {
      await ui.resize(size);
      // ink may draw the old tree at the new width before the App has read the new size.
      const fits = (text: string): boolean => text.split('\n').length === size.rows - 1;
      await ui.waitForFrame(
        (text) => text.includes('漢字') && fits(text),
        `a ${size.rows}-row frame`,
      );
      const lines = plain(ui.frame()).split('\n');
      expect(lines.length).toBeLessThanOrEqual(size.rows - 1);
      for (const line of lines) expect(visibleWidth(line)).toBeLessThanOrEqual(size.columns);
    }
  });

  it('stops listening to the engine when unmounted', async () => {
    const engine = new FakeEngine();
    const ui = await renderApp(engine);
    expect(engine.listenerCount).toBe(2);
    ui.unmount();
    expect(engine.listenerCount).toBe(0);
  });
});
