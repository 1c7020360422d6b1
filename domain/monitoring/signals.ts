import type { MonitoringPolicy, SignalCode, SignalRule } from "../policy/monitoring-schema";
import { Exact, exact, shownAbove, shownBelow, shownMoney } from "./exact";
import type { Snapshot } from "./snapshot-schema";
import type { Signal } from "./types";

/** What the runtime knows beyond the snapshot: a circle member's default found in the book. */
export interface EvaluationContext {
  circleDefault?: boolean;
}

type Rule<C extends SignalCode> = Extract<SignalRule, { code: C }>;
type Fired = { value: string; message: string } | null;
type AnyTest = (rule: SignalRule, s: Snapshot, m: MonitoringPolicy, ctx: EvaluationContext) => Fired;
type Test<C extends SignalCode> = (
  rule: Rule<C>,
  s: Snapshot,
  m: MonitoringPolicy,
  ctx: EvaluationContext,
) => Fired;

const ZERO = new Exact(0);

/**
 * One test per signal code, each strict as the policy writes it. Ratios compare by cross-multiplying
 * (a zero denominator never fires); null optional figures never fire.
 */
const TESTS: { [C in SignalCode]: Test<C> } = {
  CURRENT_RATIO(rule, s) {
    const assets = exact(s.current.currentAssets);
    const liabilities = exact(s.current.currentLiabilities);
    if (liabilities.isZero() || !assets.lt(liabilities.times(rule.below))) return null;
    const ratio = shownBelow(assets.div(liabilities));
    return { value: ratio, message: `current ratio ${ratio} is below ${rule.below}` };
  },
  QUICK_RATIO(rule, s) {
    const quick = exact(s.current.currentAssets).minus(s.current.inventory);
    const liabilities = exact(s.current.currentLiabilities);
    if (liabilities.isZero() || !quick.lt(liabilities.times(rule.below))) return null;
    const ratio = shownBelow(quick.div(liabilities));
    return { value: ratio, message: `quick ratio ${ratio} is below ${rule.below}` };
  },
  RECEIVABLE_DAYS(rule, s) {
    const days = s.current.receivableDays;
    if (!(days > rule.aboveDays)) return null;
    return { value: String(days), message: `receivable days ${days} are above ${rule.aboveDays}` };
  },
  CUSTOMER_CONCENTRATION(rule, s) {
    const share = s.current.largestCustomerShare;
    if (!rule.sectors.includes(s.borrower.sector) || share === null) return null;
    if (!exact(share).gt(rule.shareAbove)) return null;
    return {
      value: share,
      message: `${s.borrower.sector} borrower's largest customer takes ${share} of sales, above ${rule.shareAbove}`,
    };
  },
  INVENTORY_TURNOVER(rule, s) {
    const turnover = s.current.finishedGoodsTurnover;
    if (!rule.sectors.includes(s.borrower.sector) || turnover === null) return null;
    if (!exact(turnover).lt(rule.turnoverBelow)) return null;
    return {
      value: turnover,
      message: `${s.borrower.sector} borrower's finished goods turn over ${turnover} times a year, below ${rule.turnoverBelow}`,
    };
  },
  RECEIPTS_COVENANT(rule, s, m) {
    const multiple = m.covenants.find((c) => c.code === rule.covenant)?.receiptsMultipleOfLimit ?? "0";
    const required = exact(s.approvedLimit).times(multiple);
    const receipts = s.settlementReceipts12m;
    if (receipts === null)
      return {
        value: "none",
        message: `no settlement account at the bank: sales receipts of ${shownMoney(required)} (${multiple} × the limit) cannot be seen`,
      };
    if (!exact(receipts).lt(required)) return null;
    return {
      value: shownMoney(exact(receipts)),
      message: `sales receipts through the settlement account over 12 months ${shownMoney(exact(receipts))} are below ${shownMoney(required)} (${multiple} × the limit ${shownMoney(exact(s.approvedLimit))})`,
    };
  },
  LAWSUIT(rule, s) {
    const above = s.lawsuits.map((l) => exact(l.amount)).filter((a) => a.gt(rule.amountAbove));
    if (above.length === 0) return null;
    const largest = above.reduce((a, b) => (b.gt(a) ? b : a), ZERO);
    return {
      value: shownMoney(largest),
      message: `${above.length} lawsuit(s) above ${rule.amountAbove}, the largest ${shownMoney(largest)}`,
    };
  },
  OVERDUE(rule, s) {
    if (!(s.daysPastDue >= rule.atLeastDays)) return null;
    return { value: String(s.daysPastDue), message: `${s.daysPastDue} day(s) past due` };
  },
  ACCOUNT_FROZEN(_rule, s) {
    if (!s.mainAccountFrozen) return null;
    return { value: "true", message: "the main bank account is frozen" };
  },
  CIRCLE_DEFAULT(_rule, s, m, ctx) {
    if (!s.circleMemberInDefault && ctx.circleDefault !== true) return null;
    const rule = m.circleContagion;
    return {
      value: "true",
      message: `a member of a guarantee circle the borrower belongs to is in default (${rule.daysPastDueAtLeast}+ days past due or ${rule.tiers.join(" or ")})`,
    };
  },
  IC_TREND(rule, s) {
    const prefix = rule.industryPrefixes.find((p) => s.borrower.industryCode.startsWith(p));
    if (prefix === undefined || s.previousYear === null) return null;
    const falls = [revenueFall(s, rule.revenueFallAbove), marginFall(s, rule.marginFallAbove)].filter(
      (f): f is Trend => f !== null,
    );
    if (falls.length === 0) return null;
    return {
      value: falls.map((f) => f.value).join("; "),
      message: `industry ${s.borrower.industryCode} (under ${prefix}) year on year: ${falls.map((f) => f.words).join("; ")}`,
    };
  },
};

type Trend = { value: string; words: string };

/** (previous − current) / previous > limit, tested only when the previous revenue is positive. */
function revenueFall(s: Snapshot, limit: string): Trend | null {
  const previous = exact(s.previousYear?.revenue ?? "0");
  if (!previous.gt(0)) return null;
  const fall = previous.minus(s.current.revenue);
  if (!fall.gt(previous.times(limit))) return null;
  const shown = shownAbove(fall.div(previous));
  return { value: `revenue fall ${shown}`, words: `revenue fell by ${shown}, more than ${limit}` };
}

/** Gross margin down by more than `limit` points; needs both revenues non-zero. */
function marginFall(s: Snapshot, limit: string): Trend | null {
  const prevRevenue = exact(s.previousYear?.revenue ?? "0");
  const revenue = exact(s.current.revenue);
  if (prevRevenue.isZero() || revenue.isZero()) return null;
  const prevProfit = exact(s.previousYear?.grossProfit ?? "0");
  // prevProfit/prevRevenue − profit/revenue > limit, multiplied through by both (positive) revenues.
  const scaledFall = prevProfit.times(revenue).minus(exact(s.current.grossProfit).times(prevRevenue));
  if (!scaledFall.gt(prevRevenue.times(revenue).times(limit))) return null;
  const shown = shownAbove(scaledFall.div(prevRevenue.times(revenue)));
  return {
    value: `margin fall ${shown}`,
    words: `gross margin fell by ${shown} (percentage points as a share), more than ${limit}`,
  };
}

/** The signals a snapshot fires, in the policy's table order, each code at most once. */
export function signalsOf(s: Snapshot, m: MonitoringPolicy, ctx: EvaluationContext = {}): Signal[] {
  const signals: Signal[] = [];
  for (const rule of m.signals) {
    const fired = (TESTS[rule.code] as AnyTest)(rule, s, m, ctx);
    if (fired) signals.push({ code: rule.code, weight: rule.weight, ...fired });
  }
  return signals;
}
