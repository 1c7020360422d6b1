import { DomainError } from "../errors";
import { type Exact, percentText, ratioText } from "../exact";
import type { Policy } from "../policy/policy";
import type { Facts } from "./facts";
import { policyValue } from "./policy-values";
import type { ScoreLine } from "./types";

type AtLeast = { atLeast: string; points: number };
type AtMost = { atMost: string; points: number };

function line(id: string, points: number, maxPoints: number, value: string, reason: string): ScoreLine {
  return { id, points, maxPoints, value, reason };
}

function maxOf(bands: { points: number }[], extra = 0): number {
  return Math.max(extra, ...bands.map((b) => b.points));
}

function bandAtLeast(value: Exact, bands: AtLeast[], policy: Policy): number {
  return bands.find((b) => value.gte(policyValue(policy, b.atLeast)))?.points ?? 0;
}

function bandAtMost(value: Exact, bands: AtMost[], policy: Policy): number {
  return bands.find((b) => value.lte(policyValue(policy, b.atMost)))?.points ?? 0;
}

/** A ratio line: a zero denominator with a positive numerator is "unbounded" and earns the top band. */
function ratioLine(
  id: string,
  num: Exact,
  den: Exact,
  bands: AtLeast[],
  policy: Policy,
  what: string,
): ScoreLine {
  const max = maxOf(bands);
  if (den.isZero()) {
    const points = num.isPositive() ? max : 0;
    return line(
      id,
      points,
      max,
      "n/a",
      `${what}: denominator is zero${num.isPositive() ? ", numerator positive" : ""}`,
    );
  }
  const ratio = num.div(den);
  return ratioLineOf(id, bandAtLeast(ratio, bands, policy), max, ratio, what);
}

/** A line whose value is a ratio, shown (rounded for display only) as its value and in its reason. */
function ratioLineOf(id: string, points: number, maxPoints: number, ratio: Exact, what: string): ScoreLine {
  const text = ratioText(ratio);
  return line(id, points, maxPoints, text, `${what} ${text}`);
}

/** Score 0–100 from the latest financials and credit history (docs/policy.md §4). */
export function scoreLines(f: Facts, policy: Policy): ScoreLine[] {
  const s = policy.data.scorecard;
  const { latest, years, app } = f;
  const lines: ScoreLine[] = [];

  lines.push(
    ratioLine(
      "CURRENT_RATIO",
      latest.currentAssets,
      latest.currentLiabilities,
      s.currentRatio,
      policy,
      "current ratio",
    ),
  );
  lines.push(
    ratioLine(
      "QUICK_RATIO",
      latest.currentAssets.minus(latest.inventory),
      latest.currentLiabilities,
      s.quickRatio,
      policy,
      "quick ratio",
    ),
  );

  const debtMax = maxOf(s.debtToAsset);
  if (latest.totalAssets.isZero()) {
    lines.push(line("DEBT_TO_ASSET", 0, debtMax, "n/a", "total assets are zero"));
  } else {
    const ratio = latest.totalLiabilities.div(latest.totalAssets);
    lines.push(
      ratioLineOf("DEBT_TO_ASSET", bandAtMost(ratio, s.debtToAsset, policy), debtMax, ratio, "debt-to-asset"),
    );
  }

  const ic = s.interestCoverage;
  const icMax = maxOf(ic.bands, ic.noInterestPoints);
  if (latest.interestExpense.isZero()) {
    lines.push(line("INTEREST_COVERAGE", ic.noInterestPoints, icMax, "n/a", "no interest expense"));
  } else {
    const cover = latest.ebitda.div(latest.interestExpense);
    lines.push(
      ratioLineOf(
        "INTEREST_COVERAGE",
        bandAtLeast(cover, ic.bands, policy),
        icMax,
        cover,
        "EBITDA / interest",
      ),
    );
  }

  const cf = s.cashFlowQuality;
  const cfMax = Math.max(cf.fullPoints, cf.positiveOcfPoints);
  const ocfToProfit = latest.netProfit.isPositive() ? latest.operatingCashFlow.div(latest.netProfit) : null;
  if (ocfToProfit?.gte(policyValue(policy, cf.minOcfToNetProfit))) {
    lines.push(
      ratioLineOf("CASH_FLOW_QUALITY", cf.fullPoints, cfMax, ocfToProfit, "operating cash flow / net profit"),
    );
  } else if (latest.operatingCashFlow.isPositive()) {
    lines.push(
      line(
        "CASH_FLOW_QUALITY",
        cf.positiveOcfPoints,
        cfMax,
        latest.operatingCashFlow.toFixed(2),
        "operating cash flow positive",
      ),
    );
  } else {
    lines.push(
      line(
        "CASH_FLOW_QUALITY",
        0,
        cfMax,
        latest.operatingCashFlow.toFixed(2),
        "operating cash flow not positive",
      ),
    );
  }

  const fcf = latest.operatingCashFlow.minus(latest.capex);
  const fcfText = fcf.toFixed(2);
  lines.push(
    line(
      "FREE_CASH_FLOW",
      fcf.isPositive() ? s.freeCashFlowPositivePoints : 0,
      s.freeCashFlowPositivePoints,
      fcfText,
      `OCF − capex ${fcfText}`,
    ),
  );

  const ch = s.creditHistory;
  const h = app.creditHistory;
  const inquiryPenalty =
    ch.inquiryPenalties.find((b) => h.inquiries6m <= b.atMost)?.penalty ?? ch.inquiryPenaltyAbove;
  const history = Math.max(
    0,
    ch.base -
      ch.perOverdue30 * h.overdues30 -
      ch.perOverdue31to89 * h.overdues31to89 -
      ch.perOverdue90 * h.overdues90 -
      inquiryPenalty,
  );
  lines.push(
    line(
      "CREDIT_HISTORY",
      history,
      ch.base,
      `${h.overdues30}/${h.overdues31to89}/${h.overdues90}/${h.inquiries6m}`,
      `overdues ≤30d ${h.overdues30}, 31–89d ${h.overdues31to89}, ≥90d ${h.overdues90}; ${h.inquiries6m} inquiries in 6 months`,
    ),
  );

  lines.push(grossMarginLine(f, policy));

  const prior = years[1];
  if (!prior) {
    lines.push(
      line(
        "REVENUE_TREND",
        0,
        s.revenueNotDownPoints,
        "n/a",
        "revenue trend needs 2 years: insufficient history",
      ),
    );
  } else {
    const notDown = latest.revenue.gte(prior.revenue);
    lines.push(
      line(
        "REVENUE_TREND",
        notDown ? s.revenueNotDownPoints : 0,
        s.revenueNotDownPoints,
        `${latest.revenue.toFixed(2)} vs ${prior.revenue.toFixed(2)}`,
        notDown ? "revenue at or above the prior year" : "revenue below the prior year",
      ),
    );
  }
  return lines;
}

function grossMarginLine(f: Facts, policy: Policy): ScoreLine {
  const g = policy.data.scorecard.grossMarginTrend;
  const used = f.years.slice(0, g.years);
  if (used.length < g.years) {
    return line(
      "GROSS_MARGIN_TREND",
      0,
      g.points,
      "n/a",
      `gross-margin trend needs ${g.years} years: insufficient history`,
    );
  }
  if (used.some((y) => y.revenue.isZero())) {
    return line("GROSS_MARGIN_TREND", 0, g.points, "n/a", "gross margin undefined: a year with zero revenue");
  }
  const margins = used.map((y) => y.grossProfit.div(y.revenue));
  const maxFall = policyValue(policy, g.maxFallPerYear);
  let steepFalls = 0;
  for (let i = 0; i + 1 < margins.length; i++) {
    const newer = margins[i];
    const older = margins[i + 1];
    if (newer && older?.minus(newer).gt(maxFall)) steepFalls++;
  }
  const fellEveryYear = steepFalls === margins.length - 1;
  return line(
    "GROSS_MARGIN_TREND",
    fellEveryYear ? 0 : g.points,
    g.points,
    margins.map(ratioText).join(" "),
    fellEveryYear
      ? `gross margin fell by more than ${percentText(maxFall)} points every year`
      : "gross margin not in steep decline",
  );
}

export function ratingFor(score: number, policy: Policy): { rating: string; pdBand: string } {
  const band = policy.data.scorecard.ratings.find((r) => score >= r.minScore);
  // The policy loader guarantees a band at minScore 0, so every score has one.
  if (!band) throw new DomainError("POLICY_INVALID", `no rating band for score ${score}`);
  return { rating: band.rating, pdBand: band.pdBand };
}
