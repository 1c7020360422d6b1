import {
  buildPortfolioPlan,
  type Exposure,
  exposureSchema,
  type PortfolioPlan,
  type PortfolioPlanData,
  usccCheckCharacter,
} from "../../domain";
import { Dec, sumDec } from "../../domain/decimal";
import raw from "../../domain/portfolio/plans/sme-portfolio-2026.1.json";

/** A fresh, mutable copy of the default plan file. */
export function planFile(): PortfolioPlanData {
  return structuredClone(raw) as PortfolioPlanData;
}

/** The default plan changed by `edit`, under another id so it never passes for the released one. */
export function planWith(edit: (p: PortfolioPlanData) => void): PortfolioPlan {
  const data = planFile();
  data.planId = "sme-portfolio-2026.1-test";
  edit(data);
  return buildPortfolioPlan(data);
}

/** A valid unified social credit code for party number n (Hubei, organisation code = n). */
export function uscc(n: number): string {
  const first17 = `91420300${String(n).padStart(9, "0")}`;
  return `${first17}${usccCheckCharacter(first17)}`;
}

/** A valid exposure: one working-capital facility of `total` unless facilities are given. */
export function exposure(fields: Partial<Exposure> & { caseId: string }): Exposure {
  const facilities = fields.facilities ?? { working_capital: fields.total ?? "1000000.00" };
  const total = fields.total ?? sumDec(Object.values(facilities).map((a) => new Dec(a))).toFixed(2);
  return exposureSchema.parse({
    partyId: null,
    industryCode: "F5143",
    clusterId: null,
    clientGrade: "B",
    upgrades: [],
    exceptionCodes: [],
    guarantees: [],
    approvedAt: null,
    ...fields,
    facilities,
    total,
  });
}
