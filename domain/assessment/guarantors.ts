import type { Guarantor } from "../application/schema";
import { Exact } from "../exact";
import type { Policy } from "../policy/policy";
import { policyValue } from "./policy-values";
import type { ExceptionCode, Finding } from "./types";

/** What the policy measures a guarantor's net assets against: its guaranteed amount, or the loan. */
const BASE_NAMES = { guaranteedAmount: "guaranteed amount", requestedTotal: "the requested total" } as const;

function ineligibility(g: Guarantor, requestedTotal: Exact, policy: Policy): string[] {
  const p = policy.data.guarantors;
  const reasons: string[] = [];
  const base = p.netAssetsBase === "requestedTotal" ? requestedTotal : Exact.parse(g.guaranteedAmount);
  const needed = base.times(policyValue(policy, p.minNetAssetsMultiple));
  if (Exact.parse(g.netAssets).lt(needed))
    reasons.push(`net assets below ${p.minNetAssetsMultiple} × ${BASE_NAMES[p.netAssetsBase]}`);
  if (
    g.kind === "company" &&
    !Exact.parse(g.annualRevenue).gt(policyValue(policy, p.companyMinRevenueAbove))
  ) {
    reasons.push(`company revenue not above ${p.companyMinRevenueAbove}`);
  }
  if (g.overdueLast3m) reasons.push("overdue in the last 3 months");
  if (g.majorLitigation) reasons.push("major litigation");
  return reasons;
}

/**
 * Guarantors in a guarantee circle (seed 003): those guaranteed, directly or through a chain of other
 * guarantors, by the borrower itself. Such a guarantee adds no independent repayment source.
 */
function circleMembers(guarantors: Guarantor[], borrowerRef: string): Map<string, string[]> {
  // Without a single "guaranteed by" there is no chain to follow (most applications).
  if (!guarantors.some((g) => g.guaranteedBy !== undefined && g.guaranteedBy.length > 0)) return new Map();
  const byId = new Map(guarantors.map((g) => [g.id, g]));
  const chains = new Map<string, string[]>();
  for (const start of guarantors) {
    const seen = new Set<string>([start.id]);
    const queue: string[][] = [[start.id]];
    while (queue.length > 0) {
      const path = queue.shift() ?? [];
      const current = byId.get(path[path.length - 1] ?? "");
      for (const by of current?.guaranteedBy ?? []) {
        if (by === borrowerRef) {
          chains.set(start.id, [...path, by]);
          queue.length = 0;
          break;
        }
        if (!seen.has(by) && byId.has(by)) {
          seen.add(by);
          queue.push([...path, by]);
        }
      }
    }
  }
  return chains;
}

export function guarantorFindings(
  guarantors: Guarantor[],
  requestedTotal: Exact,
  policy: Policy,
): Finding<ExceptionCode>[] {
  const findings: Finding<ExceptionCode>[] = [];
  guarantors.forEach((g, index) => {
    const reasons = ineligibility(g, requestedTotal, policy);
    if (reasons.length > 0) {
      findings.push({
        code: "GUARANTOR_INELIGIBLE",
        message: `guarantor ${g.id} (${g.name}) is not eligible: ${reasons.join("; ")}`,
        details: { index, id: g.id, reasons },
      });
    }
  });
  const chains = circleMembers(guarantors, policy.data.guarantors.borrowerRef);
  guarantors.forEach((g, index) => {
    const chain = chains.get(g.id);
    if (chain) {
      findings.push({
        code: "GUARANTEE_CIRCLE",
        message: `guarantor ${g.id} is itself guaranteed by the borrower: ${chain.join(" ← ")}`,
        details: { index, id: g.id, chain },
      });
    }
  });
  return findings;
}
