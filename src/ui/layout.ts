// How the screen's rows are shared out: header, dyno table, log pane, footer.

export interface TerminalSize {
  readonly columns: number;
  readonly rows: number;
}

/** What a terminal that does not say its size (a pipe, a test stream) is taken to be. */
export const DEFAULT_SIZE: TerminalSize = { columns: 80, rows: 24 };

/** The terminal's size from a stream's `columns`/`rows`, which are undefined or 0 off a TTY. */
export function terminalSize(columns: number | undefined, rows: number | undefined): TerminalSize {
  const valid = (value: number | undefined): value is number =>
    value !== undefined && Number.isFinite(value) && value > 0;
  return {
    columns: valid(columns) ? Math.floor(columns) : DEFAULT_SIZE.columns,
    rows: valid(rows) ? Math.floor(rows) : DEFAULT_SIZE.rows,
  };
}

export interface ScreenLayout {
  /** Every row the UI draws. */
  readonly height: number;
  /** Dyno rows in the table (its column titles come on top). */
  readonly tableRows: number;
  /** Rows of the log pane (its title bar comes on top). */
  readonly logRows: number;
  readonly footerRows: number;
  /** Everything between the header and the footer, which the help overlay takes over. */
  readonly bodyRows: number;
}

export interface LayoutInput {
  readonly rows: number;
  readonly dynoCount: number;
  /** 1, or 2 while a notice or the shutdown's progress is shown. */
  readonly footerRows: number;
}

const HEADER_ROWS = 1;
const TABLE_TITLE_ROWS = 1;
const LOG_TITLE_ROWS = 1;
/** The table takes what it needs up to this share of the rows left after the fixed ones. */
const TABLE_SHARE = 0.4;

export function computeLayout(input: LayoutInput): ScreenLayout {
  // One row short of the terminal: ink redraws the whole screen (clear and all, which flickers)
  // on every frame as tall as the terminal, and only the changed lines of a shorter one.
  const height = Math.max(1, input.rows - 1);
  const bodyRows = Math.max(1, height - HEADER_ROWS - input.footerRows);
  const shared = bodyRows - TABLE_TITLE_ROWS - LOG_TITLE_ROWS;
  const tableCap = Math.max(1, Math.floor(shared * TABLE_SHARE));
  // A row even with no dynos, to say so.
  const tableRows = Math.min(Math.max(1, input.dynoCount), tableCap);
  const logRows = Math.max(1, shared - tableRows);
  return { height, tableRows, logRows, footerRows: input.footerRows, bodyRows };
}
