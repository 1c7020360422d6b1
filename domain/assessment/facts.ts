import type { Application, FinancialYear } from "../application/schema";
import { Exact } from "../exact";

/** One year of financials as decimals, with the derived figures the criteria share. */
export interface YearFacts {
  year: number;
  revenue: Exact;
  grossProfit: Exact;
  operatingProfit: Exact;
  netProfit: Exact;
  ebitda: Exact;
  interestExpense: Exact;
  operatingCashFlow: Exact;
  capex: Exact;
  currentAssets: Exact;
  inventory: Exact;
  currentLiabilities: Exact;
  totalAssets: Exact;
  totalLiabilities: Exact;
  bankBorrowings: Exact;
  netAssets: Exact;
}

/** What the trend criteria read of every year (the rest is only needed for the latest year). */
export interface HistoryYear {
  year: number;
  revenue: Exact;
  grossProfit: Exact;
  operatingProfit: Exact;
}

/** The application with money parsed once; `years` is newest first whatever order it arrived in. */
export interface Facts {
  app: Application;
  years: HistoryYear[];
  latest: YearFacts;
  annualDebtService: Exact;
  buyerConcentration: Exact;
  /** Each facility's amount, in the order of `app.facilities`. */
  facilityAmounts: readonly Exact[];
}

function yearFacts(y: FinancialYear): YearFacts {
  const totalAssets = Exact.parse(y.totalAssets);
  const totalLiabilities = Exact.parse(y.totalLiabilities);
  return {
    year: y.year,
    revenue: Exact.parse(y.revenue),
    grossProfit: Exact.parse(y.grossProfit),
    operatingProfit: Exact.parse(y.operatingProfit),
    netProfit: Exact.parse(y.netProfit),
    ebitda: Exact.parse(y.ebitda),
    interestExpense: Exact.parse(y.interestExpense),
    operatingCashFlow: Exact.parse(y.operatingCashFlow),
    capex: Exact.parse(y.capex),
    currentAssets: Exact.parse(y.currentAssets),
    inventory: Exact.parse(y.inventory),
    currentLiabilities: Exact.parse(y.currentLiabilities),
    totalAssets,
    totalLiabilities,
    bankBorrowings: Exact.parse(y.bankBorrowings),
    netAssets: totalAssets.minus(totalLiabilities),
  };
}

function historyYear(y: FinancialYear): HistoryYear {
  return {
    year: y.year,
    revenue: Exact.parse(y.revenue),
    grossProfit: Exact.parse(y.grossProfit),
    operatingProfit: Exact.parse(y.operatingProfit),
  };
}

/** The years newest first; most applications list them so already, and are not copied. */
function newestFirst(years: FinancialYear[]): FinancialYear[] {
  for (let i = 1; i < years.length; i++) {
    if ((years[i - 1] as FinancialYear).year < (years[i] as FinancialYear).year)
      return [...years].sort((a, b) => b.year - a.year);
  }
  return years;
}

export function toFacts(app: Application): Facts {
  const sorted = newestFirst(app.financials);
  const newest = sorted[0];
  // The schema guarantees at least one year; reaching here without one is a bug, not bad input.
  if (!newest) throw new Error("application without financials reached the assessment");
  const latest = yearFacts(newest);
  const years: HistoryYear[] = [latest, ...sorted.slice(1).map(historyYear)];
  return {
    app,
    years,
    latest,
    annualDebtService: Exact.parse(app.annualDebtService),
    buyerConcentration: Exact.parse(app.buyerConcentration),
    facilityAmounts: app.facilities.map((x) => Exact.parse(x.amount)),
  };
}
