import { Exact } from "../exact";
import type { Policy } from "../policy/policy";
import type { Facts } from "./facts";
import { policyValue } from "./policy-values";
import type { ClientGrade, CriterionResult } from "./types";

function check(id: string, passed: boolean, value: string, reason: string): CriterionResult {
  return { id, level: passed ? "A" : "FAIL", value, reason };
}

/** True when `years` holds at least n+1 consecutive years, newest first, each step rising. */
function risingFor(values: Exact[], steps: number): boolean | null {
  if (values.length < steps + 1) return null;
  for (let i = 0; i < steps; i++) {
    const newer = values[i];
    const older = values[i + 1];
    if (!newer || !older || !newer.gt(older)) return false;
  }
  return true;
}

/** The simplified pass/fail CSC for micro clients, M01–M08 (docs/policy.md §3). */
export function microCriteria(f: Facts, policy: Policy): CriterionResult[] {
  const p = policy.data.microCsc;
  const { app, years, latest } = f;
  const age = app.borrower.yearsEstablished;
  const mgmt = app.borrower.managementYearsInIndustry;

  const growth = risingFor(
    years.map((y) => y.revenue),
    p.revenueGrowthYears,
  );
  const profitYears = years.slice(0, p.operatingProfitYears);
  const enoughProfitYears = profitYears.length >= p.operatingProfitYears;
  const profitable = enoughProfitYears && profitYears.every((y) => y.operatingProfit.isPositive());
  const badRecord = app.borrower.existingClient && app.checks.badRecordAtBank;

  return [
    check(
      "M01",
      Exact.of(age).gte(policyValue(policy, p.minCompanyAgeYears)),
      `${age}y`,
      `company age ${age}y (≥${p.minCompanyAgeYears}y)`,
    ),
    check(
      "M02",
      !badRecord,
      badRecord ? "bad record" : app.borrower.existingClient ? "clean" : "new client",
      badRecord ? "bad record at the bank" : "no bad record at the bank",
    ),
    check(
      "M03",
      app.checks.shareholders === "pass",
      app.checks.shareholders,
      `majority shareholders' credit record: ${app.checks.shareholders}`,
    ),
    check(
      "M04",
      latest.netAssets.isPositive(),
      latest.netAssets.toFixed(2),
      `net assets ${latest.netAssets.toFixed(2)} (> 0)`,
    ),
    check(
      "M05",
      growth === true,
      growth === null ? "n/a" : years.map((y) => `${y.year}:${y.revenue.toFixed(2)}`).join(" "),
      growth === null
        ? `revenue growth in each of the last ${p.revenueGrowthYears} years: insufficient history`
        : `revenue ${growth ? "grew" : "did not grow"} in each of the last ${p.revenueGrowthYears} years`,
    ),
    check(
      "M06",
      profitable,
      enoughProfitYears
        ? profitYears.map((y) => `${y.year}:${y.operatingProfit.toFixed(2)}`).join(" ")
        : "n/a",
      enoughProfitYears
        ? `operating profit ${profitable ? ">" : "not >"} 0 in each of the last ${p.operatingProfitYears} years`
        : `operating profit in each of the last ${p.operatingProfitYears} years: insufficient history`,
    ),
    check(
      "M07",
      Exact.of(mgmt).gte(policyValue(policy, p.minManagementYears)),
      `${mgmt}y`,
      `management ${mgmt}y in industry (≥${p.minManagementYears}y)`,
    ),
    check(
      "M08",
      app.checks.utilityBills === "pass",
      app.checks.utilityBills,
      `utility-bill inquiry: ${app.checks.utilityBills}`,
    ),
  ];
}

export function microFailures(criteria: CriterionResult[]): number {
  return criteria.filter((c) => c.level === "FAIL").length;
}

export function microGrade(failures: number, policy: Policy): ClientGrade {
  return policy.data.microCsc.gradeByFailures[failures] ?? "D";
}
