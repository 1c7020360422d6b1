import type { Application } from "../../domain";
import { APPLICATION_LIMITS as L } from "../../domain/application/limits";
import { fixture } from "./applications";

/** A character that takes 3 bytes in UTF-8, as most Chinese text does: the heaviest realistic input. */
const WIDE = "贸";

const ascii = (prefix: string, length: number) => prefix + "X".repeat(Math.max(0, length - prefix.length));
const money = `${"9".repeat(L.moneyIntegerDigits)}.99`;

/**
 * The largest application the schema accepts: every array at its maximum count, every string at its
 * maximum length (free text in 3-byte characters), every amount at its maximum number of digits. The
 * limits are right only if this one is stored and assessed like any other.
 */
export function largestApplication(applicationId?: string): Application {
  const app = fixture("a2-wholesale");
  const year = app.financials[0];
  if (!year) throw new Error("fixture without financials");
  const guarantorIds = Array.from({ length: L.guarantors }, (_, i) => ascii(`G-${i}-`, L.idChars));
  return {
    ...app,
    applicationId: applicationId ?? ascii("APP-LARGEST-", L.idChars),
    borrower: {
      ...app.borrower,
      name: WIDE.repeat(L.nameChars),
      region: WIDE.repeat(L.regionChars),
      clusterId: WIDE.repeat(L.clusterIdChars),
    },
    financials: app.financials.slice(0, L.financialYears).map((y) => ({
      ...y,
      revenue: money,
      grossProfit: `-${money}`,
      totalAssets: money,
    })),
    facilities: Array.from({ length: L.facilities }, (_, i) => ({
      type: "working_capital" as const,
      amount: i === 0 ? money : "1000000.00",
      tenorMonths: 12,
      marginPct: "0.2000",
    })),
    collateral: Array.from({ length: L.collateral }, () => ({
      type: "machinery" as const,
      appraisedValue: money,
      description: WIDE.repeat(L.descriptionChars),
    })),
    guarantors: guarantorIds.map((id, i) => ({
      id,
      kind: "company" as const,
      name: WIDE.repeat(L.nameChars),
      netAssets: `-${money}`,
      annualRevenue: money,
      overdueLast3m: false,
      majorLitigation: false,
      guaranteedAmount: money,
      guaranteedBy: Array.from(
        { length: L.guaranteedBy },
        (_, k) => guarantorIds[(i + k + 1) % guarantorIds.length] as string,
      ),
    })),
  };
}
