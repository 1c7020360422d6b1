import type { Application, Assessment, RecordedEvent } from "../../../domain";
import { Dec, moneyDown } from "../../../domain/decimal";
import { getPolicy } from "../../../domain/policy/registry";
import { Facts } from "./facts";
import { Money, readableAmounts } from "./money";
import { StackTable } from "./stack-table";

/** Every policy version states its amounts in CNY (the policy schema allows no other currency). */
export const CURRENCY = "CNY";

/** The application of the case's current version: the latest submission in the trail. */
export function submittedApplication(events: readonly RecordedEvent[]): Application | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e?.type === "CASE_SUBMITTED") return e.payload.application;
  }
  return undefined;
}

const money = (amount: string) => <Money amount={amount} currency={CURRENCY} />;
const percent = (share: string) => `${new Dec(share).times(100).toDecimalPlaces(2).toString()}%`;

export function Borrower({ app }: { app: Application }) {
  const b = app.borrower;
  return (
    <Facts
      facts={[
        ["Name", b.name],
        ["Sector", b.sector],
        ["Industry code", b.industryCode],
        ["Region", b.region],
        ["Years established", String(b.yearsEstablished)],
        ["Management years in the industry", String(b.managementYearsInIndustry)],
        ["Existing client", b.existingClient ? "yes" : "no"],
      ]}
    />
  );
}

/** Each facility with what the policy lets its type take (sub-limit) and its tenor cap. */
export function Facilities({ app, assessment }: { app: Application; assessment: Assessment | undefined }) {
  const caps = new Map((assessment?.sublimits ?? []).map((s) => [s.type, s]));
  return (
    <StackTable
      columns={["Type", "Amount", "Tenor", "Sub-limit", "Tenor cap"]}
      rows={app.facilities.map((f) => {
        const cap = caps.get(f.type);
        return [
          f.type,
          money(f.amount),
          `${f.tenorMonths} months`,
          cap ? (
            <>
              {money(cap.maxAmount)} ({percent(cap.share)})
            </>
          ) : (
            "—"
          ),
          cap?.maxTenorMonths ? `${cap.maxTenorMonths} months` : "none",
        ];
      })}
    />
  );
}

/** Each item's secured value is its appraised value times the policy's rate for its type. */
export function Collateral({ app, assessment }: { app: Application; assessment: Assessment | undefined }) {
  const policy = getPolicy(assessment?.policyVersion);
  return (
    <>
      {app.collateral.length === 0 ? (
        <p>No collateral offered.</p>
      ) : (
        <StackTable
          columns={["Type", "Appraised value", "Rate", "Secured value"]}
          rows={app.collateral.map((c) => {
            const rate = policy.data.collateral[c.type].mortgageRate;
            return [
              c.type,
              money(c.appraisedValue),
              percent(rate),
              money(moneyDown(new Dec(c.appraisedValue).times(rate))),
            ];
          })}
        />
      )}
      {assessment ? (
        <Facts
          facts={[
            ["Secured value", money(assessment.securedValue)],
            [
              "Coverage",
              assessment.requestedTotal === "0.00"
                ? "—"
                : percent(new Dec(assessment.securedValue).div(assessment.requestedTotal).toFixed(4)),
            ],
            ["Minimum coverage", percent(assessment.minCoverage)],
            ["Minimum secured", money(assessment.minSecured)],
          ]}
        />
      ) : null}
    </>
  );
}

/** Eligibility is what the assessment found: a guarantor without a GUARANTOR_INELIGIBLE finding is eligible. */
export function Guarantors({ app, assessment }: { app: Application; assessment: Assessment | undefined }) {
  if (app.guarantors.length === 0) return <p>No guarantors.</p>;
  const ineligible = new Map(
    (assessment?.exceptions ?? [])
      .filter((e) => e.code === "GUARANTOR_INELIGIBLE")
      .map((e) => [String(e.details.id), e.message]),
  );
  return (
    <StackTable
      columns={["Guarantor", "Kind", "Net assets", "Guaranteed", "Eligibility"]}
      rows={app.guarantors.map((g) => [
        g.name,
        g.kind,
        money(g.netAssets),
        money(g.guaranteedAmount),
        assessment ? (ineligible.get(g.id) ?? "eligible") : "not assessed",
      ])}
    />
  );
}

const KEY_FIGURES = [
  ["Revenue", "revenue"],
  ["Net profit", "netProfit"],
  ["EBITDA", "ebitda"],
  ["Operating cash flow", "operatingCashFlow"],
  ["Total assets", "totalAssets"],
  ["Total liabilities", "totalLiabilities"],
  ["Bank borrowings", "bankBorrowings"],
] as const;

/** The latest three years, newest first: a column per year, so even a laptop's table fits without scrolling. */
export function Financials({ app }: { app: Application }) {
  const years = [...app.financials].sort((a, b) => b.year - a.year).slice(0, 3);
  return (
    <StackTable
      columns={["Figure", ...years.map((y) => String(y.year))]}
      rows={KEY_FIGURES.map(([label, key]) => [label, ...years.map((y) => money(y[key]))])}
    />
  );
}

export function Criteria({ assessment }: { assessment: Assessment }) {
  return (
    <StackTable
      columns={["Criterion", "Level", "Value", "Reason"]}
      rows={assessment.criteria.map((c) => [
        c.id,
        c.level,
        readableAmounts(c.value),
        readableAmounts(c.reason),
      ])}
    />
  );
}

export function ScoreLines({ assessment }: { assessment: Assessment }) {
  return (
    <>
      <Facts
        facts={[
          ["Score", String(assessment.score)],
          ["Rating", assessment.rating],
          ["PD band", assessment.pdBand],
        ]}
      />
      <StackTable
        columns={["Line", "Points", "Value", "Reason"]}
        rows={assessment.scoreLines.map((l) => [
          l.id,
          `${l.points} / ${l.maxPoints}`,
          readableAmounts(l.value),
          readableAmounts(l.reason),
        ])}
      />
    </>
  );
}
