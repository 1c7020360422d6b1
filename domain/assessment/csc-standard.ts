import { Exact, ratioText } from "../exact";
import type { Policy } from "../policy/policy";
import type { Facts } from "./facts";
import { isBelow, type LevelThresholds, levelFor, lowerLevel, thresholdText } from "./levels";
import type { ClientGrade, CriterionResult, Level } from "./types";

const INSUFFICIENT = "insufficient history";

function criterion(id: string, level: Level, value: string, reason: string): CriterionResult {
  return { id, level, value, reason };
}

function passCheck(id: string, outcome: "pass" | "fail", what: string): CriterionResult {
  return criterion(id, outcome === "pass" ? "A" : "FAIL", outcome, `${what}: ${outcome}`);
}

function byThreshold(
  id: string,
  value: Exact,
  t: LevelThresholds,
  policy: Policy,
  what: string,
): CriterionResult {
  const level = levelFor(value, t, policy);
  const text = ratioText(value);
  return criterion(id, level, text, `${what} ${text} (${thresholdText(t, policy)})`);
}

/** C11/C12: a balance-sheet figure over net assets, which must be positive for the ratio to mean anything. */
function leverage(
  id: "C11" | "C12",
  numerator: Exact,
  f: Facts,
  policy: Policy,
  what: string,
): CriterionResult {
  const netAssets = f.latest.netAssets;
  if (!netAssets.isPositive()) return criterion(id, "FAIL", "n/a", `net assets ${netAssets.toFixed(2)} ≤ 0`);
  const column = policy.data.sectors.cscColumn[f.app.borrower.sector];
  const t = policy.data.csc[id][column];
  return byThreshold(id, numerator.div(netAssets), t, policy, `${what} (${column})`);
}

/** The twelve client-selection criteria C01–C12 (docs/policy.md §3), each with level, value and reason. */
export function standardCriteria(f: Facts, policy: Policy): CriterionResult[] {
  const p = policy.data.csc;
  const { app, latest, years } = f;
  const column = policy.data.sectors.cscColumn[app.borrower.sector];
  const prior = years[1];

  const mgmtYears = Exact.of(app.borrower.managementYearsInIndustry);
  const age = Exact.of(app.borrower.yearsEstablished);
  const mgmtLevel = levelFor(mgmtYears, p.C01.managementYears, policy);
  const ageLevel = levelFor(age, p.C01.companyAge, policy);
  const c01 = criterion(
    "C01",
    lowerLevel(mgmtLevel, ageLevel),
    `management ${app.borrower.managementYearsInIndustry}y, company ${app.borrower.yearsEstablished}y`,
    `management years ${mgmtLevel} (${thresholdText(p.C01.managementYears, policy)}), company age ${ageLevel} (${thresholdText(p.C01.companyAge, policy)}); the lower counts`,
  );

  const c02 = !app.borrower.existingClient
    ? criterion("C02", "A", "new client", "new client: no record at the bank")
    : criterion(
        "C02",
        app.checks.badRecordAtBank ? "FAIL" : "A",
        app.checks.badRecordAtBank ? "bad record" : "clean",
        app.checks.badRecordAtBank
          ? "bad loan or settlement record at the bank"
          : "no bad loan or settlement record",
      );

  const c05 = f.annualDebtService.isZero()
    ? criterion("C05", "A", "no debt service", "no annual debt service")
    : byThreshold(
        "C05",
        latest.ebitda.div(f.annualDebtService),
        p.C05,
        policy,
        "DSCR = EBITDA / annual debt service",
      );

  let c06: CriterionResult;
  if (!prior) c06 = criterion("C06", "FAIL", "n/a", `revenue growth needs 2 years: ${INSUFFICIENT}`);
  else if (prior.revenue.isZero()) {
    const grew = latest.revenue.isPositive();
    c06 = grew
      ? criterion("C06", "A", "n/a", "revenue grew from zero in the prior year")
      : byThreshold("C06", Exact.of(0), p.C06[column], policy, `revenue growth (${column})`);
  } else {
    const growth = latest.revenue.minus(prior.revenue).div(prior.revenue);
    c06 = byThreshold(
      "C06",
      growth,
      p.C06[column],
      policy,
      `revenue growth ${latest.year} vs ${prior.year} (${column})`,
    );
  }

  let profitableYears = 0;
  for (const y of years) {
    if (!y.operatingProfit.isPositive()) break;
    profitableYears++;
  }
  const c07 = byThreshold(
    "C07",
    Exact.of(profitableYears),
    p.C07,
    policy,
    `most recent consecutive years with operating profit > 0, of ${years.length} given:`,
  );
  c07.value = String(profitableYears);

  const c09 = byThreshold(
    "C09",
    Exact.of(app.receivableDaysIncrease),
    p.C09,
    policy,
    "receivable days increase",
  );
  c09.value = String(app.receivableDaysIncrease);
  const c10 = byThreshold("C10", f.buyerConcentration, p.C10, policy, "buyer concentration");

  return [
    c01,
    c02,
    passCheck("C03", app.checks.bankStatement, "bank statement analysis"),
    passCheck("C04", app.checks.interbank, "interbank inquiry"),
    c05,
    c06,
    c07,
    passCheck("C08", app.checks.tradeCounterparts, "trade counterpart inquiry"),
    c09,
    c10,
    leverage("C11", latest.totalLiabilities, f, policy, "total liabilities / net assets"),
    leverage("C12", latest.bankBorrowings, f, policy, "bank borrowings / net assets"),
  ];
}

function levelIn(criteria: CriterionResult[], id: string): Level {
  return criteria.find((c) => c.id === id)?.level ?? "FAIL";
}

const CANDIDATES: readonly ("A" | "B" | "C")[] = ["A", "B", "C"];

/**
 * Client grade from the standard CSC (docs/policy.md §3, chosen reading of "only two rating results to be
 * adjusted"): any FAIL → D; else the best grade that every primary and special criterion reaches with at
 * most `maxSecondaryBelowGrade` secondary criteria below it.
 */
export function standardGrade(criteria: CriterionResult[], policy: Policy): ClientGrade {
  const p = policy.data.csc;
  if (criteria.some((c) => c.level === "FAIL")) return "D";
  for (const grade of CANDIDATES) {
    const hardOk =
      !p.primary.some((id) => isBelow(levelIn(criteria, id), grade)) &&
      !p.special.some((id) => isBelow(levelIn(criteria, id), grade));
    const secondaryBelow = p.secondary.filter((id) => isBelow(levelIn(criteria, id), grade)).length;
    if (hardOk && secondaryBelow <= p.maxSecondaryBelowGrade) return grade;
  }
  return "D";
}
