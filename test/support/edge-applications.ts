/**
 * Deterministic applications at the edges of what the schema accepts, for checks that the
 * assessment's arithmetic gives the same bytes whatever its implementation: amounts from zero to the
 * 15 integer digits the schema accepts (APPLICATION_LIMITS.moneyIntegerDigits) with 0–2 decimals ("-0", "007.5", "1e3"-free text only), ratios with up to 4
 * decimals, zero denominators, and values placed exactly on a ratio threshold. Starts from the
 * ordinary generator, so the shape stays valid as the schema grows.
 */
import type { Application } from "../../domain";
import { APPLICATION_LIMITS } from "../../domain/application/limits";
import { Dec } from "../../domain/decimal";
import { generateApplication, prng } from "./application-generator";

type Rnd = () => number;

const int = (rnd: Rnd, lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));

/** Ratios that sit on (or one fen beside) the thresholds the policies use. */
const NICE_RATIOS = ["0", "0.05", "0.2", "0.4", "0.5", "0.6", "0.7", "0.8", "1", "1.5", "2", "2.5", "3"];

/** A non-negative amount: 1 to 15 integer digits, 0 to 2 decimals, now and then zero or odd text. */
function amount(rnd: Rnd): string {
  const roll = rnd();
  if (roll < 0.06) return ["0", "0.00", "0.0", "000"][int(rnd, 0, 3)] as string;
  if (roll < 0.09) return ["007.5", "0.01", "1", "10.1"][int(rnd, 0, 3)] as string;
  const digits = int(rnd, 1, APPLICATION_LIMITS.moneyIntegerDigits);
  let whole = String(int(rnd, 1, 9));
  for (let i = 1; i < digits; i++) whole += String(int(rnd, 0, 9));
  const decimals = int(rnd, 0, 2);
  let fraction = "";
  for (let i = 0; i < decimals; i++) fraction += String(int(rnd, 0, 9));
  return decimals === 0 ? whole : `${whole}.${fraction}`;
}

function signedAmount(rnd: Rnd): string {
  const roll = rnd();
  if (roll < 0.04) return ["-0", "-0.00", "-0.01"][int(rnd, 0, 2)] as string;
  return roll < 0.3 ? `-${amount(rnd)}` : amount(rnd);
}

/** A share between 0 and 1 with up to 4 decimals. */
function share(rnd: Rnd): string {
  const roll = rnd();
  if (roll < 0.1) return ["0", "1", "1.0000", "0.4", "0.6", "0.8"][int(rnd, 0, 5)] as string;
  const decimals = int(rnd, 1, 4);
  const units = int(rnd, 0, 10 ** decimals - 1);
  return `0.${String(units).padStart(decimals, "0")}`;
}

/** numerator = denominator × a threshold ratio (± one fen now and then), kept non-negative if asked. */
function onThreshold(rnd: Rnd, denominator: string, signed: boolean): string {
  const ratio = NICE_RATIOS[int(rnd, 0, NICE_RATIOS.length - 1)] as string;
  let value = new Dec(denominator).times(ratio);
  const nudge = rnd();
  if (nudge < 0.2) value = value.plus("0.01");
  else if (nudge < 0.4) value = value.minus("0.01");
  if (!signed && value.lt(0)) value = new Dec(0);
  return value.toFixed(2, Dec.ROUND_DOWN);
}

/**
 * The ordinary generated application for `seed`, with every amount and ratio the assessment computes
 * with replaced by an edge value; years, counts and flags stay as generated.
 */
export function edgeApplication(seed: number): Application {
  const app = generateApplication(seed);
  const rnd = prng(seed ^ 0x5bd1e995);
  const money = () => amount(rnd);
  const signed = () => signedAmount(rnd);
  const near = (denominator: string, isSigned = false) =>
    rnd() < 0.35 ? onThreshold(rnd, denominator, isSigned) : isSigned ? signed() : money();

  let previousRevenue: string | undefined;
  app.financials = app.financials.map((y) => {
    const revenue = previousRevenue !== undefined && rnd() < 0.3 ? near(previousRevenue) : money();
    previousRevenue = revenue;
    const totalAssets = money();
    const currentLiabilities = money();
    const netProfit = signed();
    const interestExpense = rnd() < 0.15 ? "0.00" : money();
    return {
      ...y,
      revenue,
      grossProfit: near(revenue, true),
      operatingProfit: signed(),
      netProfit,
      ebitda: near(interestExpense, true),
      interestExpense,
      operatingCashFlow: near(netProfit, true),
      capex: money(),
      currentAssets: near(currentLiabilities),
      inventory: money(),
      currentLiabilities,
      totalAssets,
      totalLiabilities: near(totalAssets),
      bankBorrowings: money(),
    };
  });
  app.annualDebtService = rnd() < 0.15 ? "0" : money();
  app.buyerConcentration = share(rnd);
  app.receivableDaysIncrease = int(rnd, -100, 100);
  app.borrower.yearsEstablished = int(rnd, 0, 30);
  app.borrower.managementYearsInIndustry = int(rnd, 0, 30);
  app.facilities = app.facilities.map((f) => {
    const { marginPct: _, ...rest } = f;
    const amountText = rnd() < 0.05 ? "0.01" : money();
    const positive = /[1-9]/.test(amountText) ? amountText : "1";
    return rnd() < 0.5 ? { ...rest, amount: positive } : { ...rest, amount: positive, marginPct: share(rnd) };
  });
  app.collateral = app.collateral.map((c) => ({ ...c, appraisedValue: money() }));
  app.guarantors = app.guarantors.map((g) => ({
    ...g,
    netAssets: signed(),
    annualRevenue: money(),
    guaranteedAmount: money(),
  }));
  return app;
}
