import { type Exact, moneyDown, moneyUp, sumOf } from "../exact";
import type { Policy } from "../policy/policy";
import type { Facts } from "./facts";
import { policyValue } from "./policy-values";
import type { DetailValue, Finding } from "./types";

type ConditionRule = NonNullable<Policy["data"]["conditions"]>[number];

export interface ConditionInputs {
  f: Facts;
  salesGrade: number | null;
  rating: string;
  requestedTotal: Exact;
  autoDeclined: boolean;
}

/**
 * What matched each trigger of a rule, as the condition's details; null when a trigger does not hold.
 * Every trigger the rule names must hold; the ones it leaves out do not restrict.
 */
function matched(rule: ConditionRule, c: ConditionInputs): Record<string, DetailValue> | null {
  const when = rule.when;
  const details: Record<string, DetailValue> = {};
  if (when.salesGrades) {
    if (c.salesGrade === null || !when.salesGrades.includes(c.salesGrade)) return null;
    details.salesGrade = c.salesGrade;
  }
  if (when.ratings) {
    if (!when.ratings.includes(c.rating)) return null;
    details.rating = c.rating;
  }
  if (when.sectors) {
    if (!when.sectors.includes(c.f.app.borrower.sector)) return null;
    details.sector = c.f.app.borrower.sector;
  }
  if (when.facilityTypes) {
    const types: readonly string[] = when.facilityTypes;
    const indexes: number[] = [];
    c.f.app.facilities.forEach((x, i) => {
      if (types.includes(x.type)) indexes.push(i);
    });
    if (indexes.length === 0) return null;
    details.facilities = indexes;
    details.amount = moneyDown(sumOf(indexes.map((i) => c.f.facilityAmounts[i] as Exact)));
  }
  return details;
}

function conditionOf(
  rule: ConditionRule,
  details: Record<string, DetailValue>,
  c: ConditionInputs,
  policy: Policy,
) {
  let message = rule.message;
  if (rule.multipleOfRequested !== undefined) {
    const minAmount = moneyUp(c.requestedTotal.times(policyValue(policy, rule.multipleOfRequested)));
    details.multiple = rule.multipleOfRequested;
    details.minAmount = minAmount;
    message = `${message} (${minAmount} for the requested ${moneyDown(c.requestedTotal)})`;
  }
  Object.assign(details, rule.terms ?? {});
  return { code: rule.code, message, details };
}

/**
 * The terms an approval carries (the policy's `conditions`, in its order, each code once); none when
 * the case auto-declines, since nothing will be approved. Undefined when the policy has no
 * conditions at all: the assessment then carries no `conditions` field.
 */
export function conditionsFor(c: ConditionInputs, policy: Policy): Finding<string>[] | undefined {
  const rules = policy.data.conditions;
  if (rules === undefined) return undefined;
  if (c.autoDeclined) return [];
  const out: Finding<string>[] = [];
  for (const rule of rules) {
    const details = matched(rule, c);
    if (details) out.push(conditionOf(rule, details, c, policy));
  }
  return out;
}
