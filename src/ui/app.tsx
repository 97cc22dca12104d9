// The terminal UI's root: lays out header, dyno table, log pane and footer for the terminal's
// size, and turns keys into view changes and engine commands.
import { useMemo, useRef, useState } from 'react';
import { Box, Text, useInput, type Key } from 'ink';
import type { Engine } from '../engine/engine-api.js';
import { runCommand, type EngineCommand } from './engine-command.js';
import { DynoTable } from './dyno-table.js';
import type { FrameTimers } from './frame-scheduler.js';
import { Footer } from './footer.js';
import { Header } from './header.js';
import { HelpOverlay } from './help-overlay.js';
import { interpretKey, splitKeyPresses } from './keymap.js';
import { computeLayout } from './layout.js';
import { LogPane } from './log-pane.js';
import { prefixStyle } from './log-prefix.js';
import { lineMatcher, visibleLines } from './log-window.js';
import { footerMessage, logTitle } from './status-text.js';
import { useEngine } from './use-engine.js';
import { useNow } from './use-now.js';
import { useTerminalSize } from './use-terminal-size.js';
import {
  INITIAL_VIEW,
  inputMode,
  logFilterOf,
  reduceView,
  selectedIndex,
  type ViewContext,
  type ViewState,
} from './view-state.js';

export interface AppProps {
  readonly engine: Engine;
  /** The clock for uptimes; tests pass a fixed one. */
  readonly clock?: () => number;
  /** The timers that pace frames; tests pass ones they run by hand. */
  readonly frameTimers?: FrameTimers;
}

export function App({ engine, clock = Date.now, frameTimers }: AppProps) {
  const size = useTerminalSize();
  const { snapshot, store, logVersion } = useEngine(engine, frameTimers);
  const now = useNow(clock);
  const [view, setView] = useState<ViewState>(INITIAL_VIEW);
  // The state the next key acts on: several keys can arrive before React re-renders (a paste,
  // fast typing), and each must see what the one before it did.
  const viewRef = useRef(view);
  // The last command's outcome (`Scaled to web@2`) or why it failed, until the next one.
  const [notice, setNotice] = useState<string | undefined>();

  const message = footerMessage(snapshot, notice);
  const layout = computeLayout({
    rows: size.rows,
    dynoCount: snapshot.dynos.length,
    footerRows: message === undefined ? 1 : 2,
  });
  const selected = selectedIndex(snapshot.dynos, view.selection);

  const matcher = useMemo(
    () => lineMatcher(logFilterOf(view)),
    // Only the filter's fields matter: scrolling must not rebuild the search pattern.
    [view.dynoFilter, view.search],
  );
  const shown = useMemo(
    () => visibleLines(store, matcher, view.anchor, layout.logRows),
    // logVersion: the scrollback is mutated in place, so its version says when it changed.
    [store, matcher, view.anchor, layout.logRows, logVersion],
  );
  const prefix = prefixStyle(size.columns, [
    ...snapshot.dynos.map((dyno) => dyno.name),
    ...shown.map(({ line }) => line.dyno),
  ]);

  const execute = (command: EngineCommand): void => {
    void runCommand(engine, command).then((outcome) => {
      if (outcome !== undefined) setNotice(outcome);
    });
  };

  useInput((input: string, key: Key) => {
    const ctx: ViewContext = {
      dynos: snapshot.dynos,
      lines: store,
      pageSize: layout.logRows,
    };
    for (const press of splitKeyPresses(input, key)) {
      const action = interpretKey(press.input, press.key, inputMode(viewRef.current));
      if (action === undefined) continue;
      const update = reduceView(viewRef.current, action, ctx);
      viewRef.current = update.state;
      if (update.command !== undefined) execute(update.command);
    }
    setView(viewRef.current);
  });

  return (
    // No explicit width: ink sizes the root to the terminal itself, and after a resize it may draw
    // once before this component has read the new size.
    <Box flexDirection="column" height={layout.height} overflow="hidden">
      <Header snapshot={snapshot} />
      {view.help ? (
        <HelpOverlay rows={layout.bodyRows} />
      ) : (
        <>
          <DynoTable
            dynos={snapshot.dynos}
            selected={selected}
            now={now}
            width={size.columns}
            rows={layout.tableRows}
          />
          <Text dimColor wrap="truncate-end">
            {logTitle(view, size.columns)}
          </Text>
          <LogPane
            lines={shown}
            colors={store.colors}
            prefix={prefix}
            rows={layout.logRows}
            columns={size.columns}
            fullRouterLines={view.fullRouterLines}
          />
        </>
      )}
      <Footer
        searching={view.searching}
        search={view.search}
        message={message}
        shuttingDown={snapshot.shutdown !== undefined}
      />
    </Box>
  );
}
