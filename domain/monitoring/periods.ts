/**
 * Calendar periods of the monitoring cadences (a month, a quarter) for dates written YYYY-MM-DD. Pure
 * date arithmetic on the calendar; which instant a date ends at is the bank's zone's (`endOfDay`).
 */
export type Cadence = "month" | "quarter";

export interface Period {
  /** "2026-11" for a month, "2026-Q4" for a quarter. */
  period: string;
  start: string;
  end: string;
}

const MONTHS_IN_QUARTER = 3;
const pad = (n: number) => String(n).padStart(2, "0");

function parts(date: string): [number, number] {
  const [y, m] = date.split("-").map(Number) as [number, number];
  return [y, m];
}

/** The last day of a month (1-12) of a year, by the calendar. */
function lastDay(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function periodOf(cadence: Cadence, date: string): Period {
  const [y, m] = parts(date);
  if (cadence === "month")
    return {
      period: `${y}-${pad(m)}`,
      start: `${y}-${pad(m)}-01`,
      end: `${y}-${pad(m)}-${pad(lastDay(y, m))}`,
    };
  const q = Math.ceil(m / MONTHS_IN_QUARTER);
  const first = (q - 1) * MONTHS_IN_QUARTER + 1;
  const last = q * MONTHS_IN_QUARTER;
  return {
    period: `${y}-Q${q}`,
    start: `${y}-${pad(first)}-01`,
    end: `${y}-${pad(last)}-${pad(lastDay(y, last))}`,
  };
}

export function inPeriod(date: string, p: Period): boolean {
  return date >= p.start && date <= p.end;
}

/** The last millisecond of `date` in a zone `utcOffsetMinutes` east of UTC (480 for China), as ISO. */
export function endOfDay(date: string, utcOffsetMinutes: number): string {
  const [y, m] = parts(date);
  const d = Number(date.slice(-2));
  const MINUTE = 60_000;
  return new Date(Date.UTC(y, m - 1, d + 1) - utcOffsetMinutes * MINUTE - 1).toISOString();
}
