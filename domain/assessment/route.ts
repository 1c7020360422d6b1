import type { Exact } from "../exact";
import type { Policy } from "../policy/policy";
import { policyValue } from "./policy-values";
import type { ClientGrade, Stage } from "./types";

export interface RouteInputs {
  requestedTotal: Exact;
  rating: string;
  clientGrade: ClientGrade;
  exceptionCount: number;
  autoDeclined: boolean;
}

/** Approval route (docs/policy.md §6): an auto-decline routes to no one; every exception reaches head office. */
export function routeFor(r: RouteInputs, policy: Policy): Stage[] {
  if (r.autoDeclined) return [];
  const p = policy.data.route;
  const route: Stage[] = ["MANAGER", "BRANCH_CREDIT"];
  const needsCommittee =
    r.requestedTotal.gt(policyValue(policy, p.branchCreditAuthority)) ||
    p.committeeRatings.includes(r.rating) ||
    p.committeeClientGrades.includes(r.clientGrade) ||
    r.exceptionCount > 0;
  if (needsCommittee) route.push("COMMITTEE");
  if (r.exceptionCount > 0) route.push("HEAD_OFFICE");
  return route;
}
