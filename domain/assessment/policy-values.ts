import { Exact } from "../exact";
import type { Policy } from "../policy/policy";

const parsed = new WeakMap<Policy, Map<string, Exact>>();

/**
 * A decimal string of the policy (a threshold, rate, cap) as an Exact, parsed once per loaded policy
 * and kept beside it: an assessment reads dozens of these, and parsing them each time was a large
 * share of its cost. Keyed by the policy object, so a registry's policies share nothing.
 */
export function policyValue(policy: Policy, text: string): Exact {
  if (policy !== lastPolicy) {
    let values = parsed.get(policy);
    if (values === undefined) {
      values = new Map();
      parsed.set(policy, values);
    }
    lastPolicy = policy;
    lastValues = values;
  }
  let value = lastValues.get(text);
  if (value === undefined) {
    value = Exact.parse(text);
    lastValues.set(text, value);
  }
  return value;
}

/** The policy asked last and its values: an assessment asks the same policy dozens of times. */
let lastPolicy: Policy | undefined;
let lastValues = new Map<string, Exact>();
