/**
 * Deterministic generator of varied, valid credit applications (seeded PRNG): used by the benchmark
 * and by tests that need many realistic inputs. Amounts are whole or 2-decimal yuan strings.
 */
import type { Application } from "../../domain";

const SECTORS = ["manufacturing", "wholesale", "retail", "services", "other"] as const;
const FACILITIES = [
  "working_capital",
  "non_financing_guarantee",
  "equipment",
  "plant_construction",
  "property_purchase",
] as const;
const COLLATERAL = [
  "residential_real_estate",
  "industrial_real_estate",
  "machinery",
  "inventory",
  "deposit",
  "patent",
] as const;
const INDUSTRIES = ["C3011", "F5143", "C3984", "H6210", "C3216", "K7010", "I6510", "B0610"] as const;

/** mulberry32: tiny, fast, and the same sequence on every machine for the same seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateApplication(seed: number): Application {
  const rnd = prng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)] as T;
  const yuan = (lo: number, hi: number) => `${int(lo, hi)}.${String(int(0, 99)).padStart(2, "0")}`;

  const revenueBase = pick([12, 45, 110, 160, 260, 380, 450]) * 1_000_000;
  const yearsCount = int(1, 3);
  const financials = Array.from({ length: yearsCount }, (_, i) => {
    const revenue = Math.round(revenueBase * (1 - i * (rnd() * 0.2 - 0.05)));
    const totalAssets = Math.round(revenue * (0.6 + rnd()));
    return {
      year: 2025 - i,
      revenue: `${revenue}.00`,
      grossProfit: yuan(Math.round(revenue * 0.02), Math.round(revenue * 0.2)),
      operatingProfit: yuan(-Math.round(revenue * 0.02), Math.round(revenue * 0.08)),
      netProfit: yuan(-Math.round(revenue * 0.02), Math.round(revenue * 0.06)),
      ebitda: yuan(0, Math.round(revenue * 0.1)),
      interestExpense: yuan(0, Math.round(revenue * 0.02)),
      operatingCashFlow: yuan(-Math.round(revenue * 0.03), Math.round(revenue * 0.08)),
      capex: yuan(0, Math.round(revenue * 0.03)),
      currentAssets: yuan(Math.round(totalAssets * 0.3), Math.round(totalAssets * 0.7)),
      inventory: yuan(0, Math.round(totalAssets * 0.2)),
      currentLiabilities: yuan(Math.round(totalAssets * 0.1), Math.round(totalAssets * 0.5)),
      totalAssets: `${totalAssets}.00`,
      totalLiabilities: yuan(Math.round(totalAssets * 0.3), Math.round(totalAssets * 0.9)),
      bankBorrowings: yuan(0, Math.round(totalAssets * 0.5)),
    };
  });
  const facilities = Array.from({ length: int(1, 3) }, () => ({
    type: pick(FACILITIES),
    amount: yuan(500_000, 20_000_000),
    tenorMonths: pick([6, 12, 24, 36, 60, 120]),
    ...(rnd() < 0.5 ? { marginPct: pick(["0.10", "0.20", "0.30"]) } : {}),
  }));
  return {
    applicationId: `APP-GEN-${seed}`,
    submittedBy: "rm.gen",
    branch: "GZ-TIANHE",
    borrower: {
      name: `Generated Co. ${seed}`,
      sector: pick(SECTORS),
      industryCode: pick(INDUSTRIES),
      region: "GD",
      clusterId: null,
      existingClient: rnd() < 0.7,
      yearsEstablished: int(0, 20),
      managementYearsInIndustry: int(0, 25),
    },
    financials,
    annualDebtService: yuan(0, 5_000_000),
    receivableDaysIncrease: int(-10, 70),
    buyerConcentration: (rnd() * 0.9).toFixed(2),
    checks: {
      badRecordAtBank: rnd() < 0.05,
      bankStatement: rnd() < 0.95 ? "pass" : "fail",
      interbank: rnd() < 0.95 ? "pass" : "fail",
      tradeCounterparts: rnd() < 0.95 ? "pass" : "fail",
      utilityBills: rnd() < 0.95 ? "pass" : "fail",
      shareholders: rnd() < 0.95 ? "pass" : "fail",
    },
    creditHistory: {
      overdues30: int(0, 2),
      overdues31to89: int(0, 1),
      overdues90: rnd() < 0.05 ? 1 : 0,
      inquiries6m: int(0, 7),
    },
    facilities,
    collateral: Array.from({ length: int(0, 3) }, () => ({
      type: pick(COLLATERAL),
      appraisedValue: yuan(100_000, 30_000_000),
    })),
    guarantors: Array.from({ length: int(0, 2) }, (_, i) => ({
      id: `G-${i + 1}`,
      kind: pick(["company", "individual"] as const),
      name: `Guarantor ${i + 1}`,
      netAssets: yuan(0, 40_000_000),
      annualRevenue: yuan(0, 50_000_000),
      overdueLast3m: rnd() < 0.05,
      majorLitigation: rnd() < 0.05,
      guaranteedAmount: yuan(1_000_000, 15_000_000),
      ...(rnd() < 0.1 ? { guaranteedBy: ["BORROWER"] } : {}),
    })),
  };
}
