import type { Application, Facility } from "../application/schema";
import type { Assessment } from "../assessment/types";
import { type Dec, ZERO } from "../decimal";
import { FACILITY_TYPES } from "../policy/schema";
import type { Exposure } from "./exposure";
import { upgradesOf } from "./upgrade";

export interface ExposureInput {
  caseId: string;
  application: Application;
  assessment: Pick<Assessment, "clientGrade" | "criteria" | "exceptions">;
  /** At final approval: the amounts approved (the requested ones when omitted) and the instant. */
  approved?: { at: string; facilities?: readonly Pick<Facility, "type" | "amount">[] };
}

/**
 * The exposure of a case: its requested facilities while it is open, its approved amounts once
 * approved. Guarantees link only guarantors that carry a party id; the others cannot be recognised in
 * another case. Amounts per type are summed and listed in the contract's facility order.
 */
export function exposureOf(input: ExposureInput): Exposure {
  const { application: app, assessment } = input;
  const lines = input.approved?.facilities ?? app.facilities;
  const byType = new Map<string, Dec>();
  for (const line of lines) byType.set(line.type, (byType.get(line.type) ?? ZERO).plus(line.amount));
  const facilities: Exposure["facilities"] = {};
  let total = ZERO;
  for (const type of FACILITY_TYPES) {
    const amount = byType.get(type);
    if (amount === undefined || amount.isZero()) continue;
    facilities[type] = amount.toFixed(2);
    total = total.plus(amount);
  }
  return {
    caseId: input.caseId,
    partyId: app.borrower.partyId ?? null,
    industryCode: app.borrower.industryCode,
    clusterId: app.borrower.clusterId,
    facilities,
    total: total.toFixed(2),
    clientGrade: assessment.clientGrade,
    upgrades: upgradesOf(assessment),
    exceptionCodes: [...new Set(assessment.exceptions.map((e) => e.code))].sort(),
    guarantees: app.guarantors.flatMap((g) =>
      g.partyId ? [{ guarantorPartyId: g.partyId, amount: g.guaranteedAmount }] : [],
    ),
    approvedAt: input.approved?.at ?? null,
  };
}
