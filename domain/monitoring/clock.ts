import { Dec } from "../decimal";

/**
 * Days on a credit's clocks. A policy day is `secondsPerDay` long: 86400 in production, less when the
 * runtime runs under a test time scale (recorded on the credit, so its trail is checked on its own
 * clock). Instants are ISO-8601 strings, passed in: nothing here reads the clock.
 */
export const SECONDS_PER_DAY = 86400;
const MS = 1000;

/** The instant `days` policy days (a decimal, e.g. 45 × 0.60) after `from`, to the millisecond. */
export function afterDays(from: string, days: Dec | number, secondsPerDay: number): string {
  const ms = new Dec(days).times(secondsPerDay).times(MS).toDecimalPlaces(0, Dec.ROUND_FLOOR).toNumber();
  return new Date(Date.parse(from) + ms).toISOString();
}

/** Whether `instant` is at or after `deadline`. */
export function reached(instant: string, deadline: string): boolean {
  return Date.parse(instant) >= Date.parse(deadline);
}

/** Whether `instant` is strictly after `deadline` (a response at the deadline is in time). */
export function after(instant: string, deadline: string): boolean {
  return Date.parse(instant) > Date.parse(deadline);
}

/** The points of a clock of `days` from `from` at which its owner is reminded, with their shares. */
export function reminderPoints(
  from: string,
  days: number,
  shares: readonly string[],
  secondsPerDay: number,
): { share: string; at: string }[] {
  return shares.map((share) => ({ share, at: afterDays(from, new Dec(days).times(share), secondsPerDay) }));
}
