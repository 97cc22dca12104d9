// Log timestamps: Heroku's RFC 5424 form with microseconds, and foreman's local `HH:MM:SS`.

// Both formatters run once per batch, many thousand times a second under load; building the
// seconds part with a Date only when the second changes keeps that cheap.
let isoSecond = Number.NaN;
let isoSecondText = '';
let clockSecond = Number.NaN;
let clockText = '';

/** `2026-11-23T18:00:00.123456+00:00`: UTC, microseconds from the fractional milliseconds. */
export function formatHerokuTimestamp(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== isoSecond) {
    isoSecond = second;
    isoSecondText = new Date(second * 1000).toISOString().slice(0, 19);
  }
  // Rounded, not truncated: a double holding epoch milliseconds is only just precise enough for
  // microseconds, so 123.456 may arrive as 123.45599999; never round up into the next second.
  const micros = Math.min(999_999, Math.round((ms - second * 1000) * 1000));
  return `${isoSecondText}.${String(micros).padStart(6, '0')}+00:00`;
}

/** `HH:MM:SS` in local time, the prefix foreman and `heroku local` print. */
export function formatClockTime(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== clockSecond) {
    clockSecond = second;
    const date = new Date(second * 1000);
    clockText = [date.getHours(), date.getMinutes(), date.getSeconds()]
      .map((part) => String(part).padStart(2, '0'))
      .join(':');
  }
  return clockText;
}
