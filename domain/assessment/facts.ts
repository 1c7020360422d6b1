import type { Application, FinancialYear } from "../application/schema";
import { Dec } from "../decimal";

/** One year of financials as decimals, with the derived figures the criteria share. */
export interface YearFacts {
  year: number;
  revenue: Dec;
  grossProfit: Dec;
  operatingProfit: Dec;
  netProfit: Dec;
  ebitda: Dec;
  interestExpense: Dec;
  operatingCashFlow: Dec;
  capex: Dec;
  currentAssets: Dec;
  inventory: Dec;
  currentLiabilities: Dec;
  totalAssets: Dec;
  totalLiabilities: Dec;
  bankBorrowings: Dec;
  netAssets: Dec;
}

/** What the trend criteria read of every year (the rest is only needed for the latest year). */
export interface HistoryYear {
  year: number;
  revenue: Dec;
  grossProfit: Dec;
  operatingProfit: Dec;
}

/** The application with money parsed once; `years` is newest first whatever order it arrived in. */
export interface Facts {
  app: Application;
  years: HistoryYear[];
  latest: YearFacts;
  annualDebtService: Dec;
  buyerConcentration: Dec;
}

function yearFacts(y: FinancialYear): YearFacts {
  const totalAssets = new Dec(y.totalAssets);
  const totalLiabilities = new Dec(y.totalLiabilities);
  return {
    year: y.year,
    revenue: new Dec(y.revenue),
    grossProfit: new Dec(y.grossProfit),
    operatingProfit: new Dec(y.operatingProfit),
    netProfit: new Dec(y.netProfit),
    ebitda: new Dec(y.ebitda),
    interestExpense: new Dec(y.interestExpense),
    operatingCashFlow: new Dec(y.operatingCashFlow),
    capex: new Dec(y.capex),
    currentAssets: new Dec(y.currentAssets),
    inventory: new Dec(y.inventory),
    currentLiabilities: new Dec(y.currentLiabilities),
    totalAssets,
    totalLiabilities,
    bankBorrowings: new Dec(y.bankBorrowings),
    netAssets: totalAssets.minus(totalLiabilities),
  };
}

function historyYear(y: FinancialYear): HistoryYear {
  return {
    year: y.year,
    revenue: new Dec(y.revenue),
    grossProfit: new Dec(y.grossProfit),
    operatingProfit: new Dec(y.operatingProfit),
  };
}

export function toFacts(app: Application): Facts {
  const sorted = [...app.financials].sort((a, b) => b.year - a.year);
  const newest = sorted[0];
  // The schema guarantees at least one year; reaching here without one is a bug, not bad input.
  if (!newest) throw new Error("application without financials reached the assessment");
  const latest = yearFacts(newest);
  const years: HistoryYear[] = [latest, ...sorted.slice(1).map(historyYear)];
  return {
    app,
    years,
    latest,
    annualDebtService: new Dec(app.annualDebtService),
    buyerConcentration: new Dec(app.buyerConcentration),
  };
}
