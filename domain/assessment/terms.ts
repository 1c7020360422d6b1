import { type Exact, minOf, ZERO } from "../exact";
import type { Policy } from "../policy/policy";
import type { GRANTABLE_FACILITIES } from "../policy/schema";
import { policyValue } from "./policy-values";
import type { ClientGrade } from "./types";

type Grantable = (typeof GRANTABLE_FACILITIES)[number];

/** Where the client stands in the program: standard grade, micro by CSC failures, or outside it. */
export type Standing =
  | { kind: "standard"; salesGrade: 1 | 2 | 3; grade: ClientGrade }
  | { kind: "micro"; grade: ClientGrade; failures: number }
  | { kind: "notSme"; grade: ClientGrade };

export interface Terms {
  minCoverage: string;
  sublimits: Record<Grantable, string>;
  maxTenorMonths: Partial<Record<Grantable, number>>;
}

/** Coverage, sub-limit shares and tenor caps for the client's standing (docs/policy.md §5 table). */
export function termsFor(standing: Standing, policy: Policy): Terms {
  const t = policy.data.terms;
  if (standing.kind === "micro") {
    const row =
      standing.grade === "D" ? t.microGradeD : (t.microByFailures[standing.failures] ?? t.microGradeD);
    return termsOf(row, t.maxTenorMonths.micro);
  }
  return termsOf(t.standard[standing.grade], t.maxTenorMonths.standard);
}

/** Keyed by the policy's own row (micro and standard rows are distinct objects): built once. */
const built = new WeakMap<object, Terms>();

function termsOf(row: Omit<Terms, "maxTenorMonths">, maxTenorMonths: Terms["maxTenorMonths"]): Terms {
  let terms = built.get(row);
  if (terms === undefined) {
    terms = { ...row, maxTenorMonths };
    built.set(row, terms);
  }
  return terms;
}

/** The maximum limit of the standard program: min(pct × sales, cap); grade D or not SME → 0. */
export function maxLimitFor(standing: Standing, revenue: Exact, sector: string, policy: Policy): Exact {
  const l = policy.data.limits;
  if (standing.kind === "notSme" || standing.grade === "D") return ZERO;
  if (standing.kind === "micro") {
    const cap = l.microCapsByFailures[standing.failures];
    return cap === undefined ? ZERO : policyValue(policy, cap);
  }
  const cacClass = policy.data.sectors.cacClass[sector as keyof typeof policy.data.sectors.cacClass];
  const cap = policyValue(
    policy,
    l.caps[standing.grade][String(standing.salesGrade) as "1" | "2" | "3"][cacClass],
  );
  return minOf(revenue.times(policyValue(policy, l.pctOfSales[standing.grade])), cap);
}
