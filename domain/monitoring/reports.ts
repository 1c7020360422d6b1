import type { Policy } from "../policy/policy";
import { classificationClock } from "./classification";
import type { CreditState } from "./credit-state";
import { inPeriod, type Period, periodOf } from "./periods";
import { monitoringOf } from "./policy";
import { type Category, categoryRank, type Tier } from "./types";
import { type ResponseStatus, responseStatus } from "./warning-rules";

/** The reports whose period ends on `date` (a month end: the monthly ones; a quarter end: both). */
export function reportsDue(date: string, policy: Policy): { report: string; period: Period }[] {
  return monitoringOf(policy)
    .reports.map((r) => ({ report: r.report, period: periodOf(r.every, date) }))
    .filter((r) => r.period.end === date);
}

export interface ClassificationRow {
  creditId: string;
  borrowerName: string;
  branch: string;
  relationshipManager: string;
  category: Category;
  decidedAt: string | null;
  tier: Tier | null;
  limit: string;
}

/**
 * The credits a classification report lists: those classified its `worstFrom` or worse, worst first,
 * then by credit. Give it the credits as they stood at the report's cut-off (`creditStateAt`), and the
 * same report comes out of the trail for any past date.
 */
export function classificationReport(
  report: string,
  credits: readonly CreditState[],
  policy: Policy,
): ClassificationRow[] {
  const rule = monitoringOf(policy).reports.find((r) => r.report === report);
  if (!rule) return [];
  const from = categoryRank(rule.worstFrom);
  return credits
    .filter((c) => categoryRank(c.classification.category) >= from)
    .sort(
      (a, b) =>
        categoryRank(b.classification.category) - categoryRank(a.classification.category) ||
        (a.creditId < b.creditId ? -1 : a.creditId > b.creditId ? 1 : 0),
    )
    .map((c) => ({
      creditId: c.creditId,
      borrowerName: c.borrowerName,
      branch: c.branch,
      relationshipManager: c.relationshipManager,
      category: c.classification.category,
      decidedAt: c.classification.at,
      tier: c.tier,
      limit: c.limit,
    }));
}

export interface WarningRow {
  creditId: string;
  borrowerName: string;
  relationshipManager: string;
  tier: Tier | null;
  onListSince: string | null;
  response: ResponseStatus;
  responseDueAt: string | null;
  classificationDueAt: string | null;
  classificationLimitAt: string | null;
  /** The earliest deadline still open: the list is sorted by it, deadline first. */
  nextDeadline: string | null;
}

/** Every credit with an open warning or classification window, the nearest open deadline first. */
export function warningList(credits: readonly CreditState[], now: string, policy: Policy): WarningRow[] {
  const rows = credits
    .filter((c) => c.warning !== null || c.classificationWindow !== null)
    .map((c): WarningRow => {
      const response = responseStatus(c, now);
      const clock = classificationClock(c, policy);
      const responseDueAt =
        response === "pending" || response === "overdue" ? (c.warning?.responseDueAt ?? null) : null;
      const open = [responseDueAt, clock?.escalateAt ?? null].filter((d): d is string => d !== null).sort();
      return {
        creditId: c.creditId,
        borrowerName: c.borrowerName,
        relationshipManager: c.relationshipManager,
        tier: c.tier,
        onListSince: c.warning?.onListSince ?? null,
        response,
        responseDueAt,
        classificationDueAt: clock?.escalateAt ?? null,
        classificationLimitAt: clock?.limitAt ?? null,
        nextDeadline: open[0] ?? null,
      };
    });
  const key = (r: WarningRow) => r.nextDeadline ?? "~";
  return rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.creditId < b.creditId ? -1 : 1));
}

/** Credits with no snapshot dated in the cadence period of `date` (the monthly reminder to their RMs). */
export function missingSnapshots(
  credits: readonly CreditState[],
  date: string,
  policy: Policy,
): CreditState[] {
  const period = periodOf(monitoringOf(policy).snapshots.every, date);
  return credits.filter((c) => !c.snapshotDates.some((d) => inPeriod(d, period)));
}
