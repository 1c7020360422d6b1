import { BANK_TIME_ZONE } from "./time-zone";

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string, seconds: boolean): Intl.DateTimeFormat {
  const key = `${zone}|${seconds}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      ...(seconds ? { second: "2-digit" } : {}),
      hourCycle: "h23",
      timeZoneName: "shortOffset",
    });
    formatters.set(key, f);
  }
  return f;
}

export interface BankTime {
  /** `2026-11-20 18:00 GMT+8`: the wall clock in the bank's zone, with its offset. */
  local: string;
  /** `2026-11-20T10:00:00.000Z`: the instant itself. */
  utc: string;
}

/**
 * An ISO instant as people at the bank read it, through Intl.DateTimeFormat. Undefined when the
 * text is not an instant (an audit trail shows a tampered timestamp as it was stored).
 */
export function formatBankTime(
  iso: string,
  options: { seconds?: boolean; zone?: string } = {},
): BankTime | undefined {
  const at = new Date(iso);
  if (iso === "" || Number.isNaN(at.getTime())) return undefined;
  const parts = Object.fromEntries(
    formatter(options.zone ?? BANK_TIME_ZONE, options.seconds ?? false)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const clock = `${parts.hour}:${parts.minute}${parts.second ? `:${parts.second}` : ""}`;
  // ICU versions differ on the zero offset ("GMT" or "GMT+0"): one spelling on every runtime.
  const offset = parts.timeZoneName === "GMT+0" ? "GMT" : parts.timeZoneName;
  return {
    local: `${parts.year}-${parts.month}-${parts.day} ${clock} ${offset}`,
    utc: at.toISOString(),
  };
}

/** A time in the bank's zone; the UTC instant in its title (hover) and machine-readable datetime. */
export function Time({ iso, seconds }: { iso: string; seconds?: boolean }) {
  const t = formatBankTime(iso, { seconds: seconds ?? false });
  if (!t) return <>{iso}</>;
  return (
    <time dateTime={t.utc} title={`${t.utc} (UTC)`}>
      {t.local}
    </time>
  );
}
