import {
  type ClassificationRow,
  classificationReport,
  endOfDay,
  monitoringOf,
  type WarningRow,
  warningList,
} from "../../../domain/monitoring";
import { DEFAULT_POLICY_ID, getPolicy } from "../../../domain/policy/registry";
import type { Deps } from "../ports";
import { readableCredits } from "./credit-book";

type BookDeps = Deps<"caseQueue" | "credits" | "directory">;

/** The warning list the caller reads: every credit with an open warning or classification window, nearest deadline first. */
export async function warningsFor(
  deps: BookDeps,
  caller: string,
): Promise<{ now: string; rows: WarningRow[] }> {
  const now = deps.now().toISOString();
  const credits = await readableCredits(deps, caller, now);
  return { now, rows: warningList(credits, now, getPolicy(DEFAULT_POLICY_ID)) };
}

/** The offset of `zone` from UTC on `date`, in minutes (Asia/Shanghai: 480). */
export function zoneOffsetMinutes(zone: string, date: string): number {
  const name =
    new Intl.DateTimeFormat("en", { timeZone: zone, timeZoneName: "longOffset" })
      .formatToParts(new Date(`${date}T12:00:00Z`))
      .find((p) => p.type === "timeZoneName")?.value ?? "GMT";
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/** The classification reports the policy names (monthly substandard and below, quarterly special mention and below). */
export const reportNames = (): string[] =>
  monitoringOf(getPolicy(DEFAULT_POLICY_ID)).reports.map((r) => r.report);

/**
 * A classification report as of the end of `date` in the bank's zone: every credit folded from its
 * trail up to then, so a past date's report comes out the same whenever it is asked for.
 */
export async function classificationReportFor(
  deps: BookDeps,
  caller: string,
  report: string,
  date: string,
  zone: string,
): Promise<{ report: string; date: string; cutOff: string; rows: ClassificationRow[] }> {
  const cutOff = endOfDay(date, zoneOffsetMinutes(zone, date));
  const credits = await readableCredits(deps, caller, cutOff);
  return { report, date, cutOff, rows: classificationReport(report, credits, getPolicy(DEFAULT_POLICY_ID)) };
}
