// Dyno colours for the log pane's prefixes: the same colours, in the same order, as plain mode's
// foreman-style prefixes, so a dyno looks the same in both modes.

/** The colour names ink understands that the UI uses. */
export type UiColor =
  | 'cyan'
  | 'yellow'
  | 'green'
  | 'magenta'
  | 'blue'
  | 'red'
  | 'gray'
  | 'cyanBright'
  | 'yellowBright'
  | 'greenBright';

/**
 * src/logs/formatters.ts's palette (ANSI 36, 33, 32, 35, 34, 96, 93, 92) by ink's names. That
 * module keeps its escape codes private and ink takes names, so the order is mirrored here.
 */
export const DYNO_PALETTE: readonly UiColor[] = [
  'cyan',
  'yellow',
  'green',
  'magenta',
  'blue',
  'cyanBright',
  'yellowBright',
  'greenBright',
];

/** The colour of the `index`-th dyno to appear in the log, as the plain printer picks it. */
export function paletteColor(index: number): UiColor {
  return DYNO_PALETTE[index % DYNO_PALETTE.length] ?? 'cyan';
}

/** Gives each dyno a colour the first time it is seen, and the same one ever after. */
export class DynoColors {
  readonly #colors = new Map<string, UiColor>();

  colorOf(dyno: string): UiColor {
    let color = this.#colors.get(dyno);
    if (color === undefined) {
      color = paletteColor(this.#colors.size);
      this.#colors.set(dyno, color);
    }
    return color;
  }
}
