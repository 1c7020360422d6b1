import { APPLICATION_LIMITS } from "../../../domain/application/limits";
import { COLLATERAL_TYPES, FACILITY_TYPES, SECTORS } from "../../../domain/policy/schema";

/**
 * The application form as data: every field of the application contract, grouped as a credit officer
 * reads a file, each with the kind of control it needs. Form controls are named by the field's path
 * (`borrower.name`, `financials.0.revenue`), so a problem the application schema reports at
 * `$.financials[0].revenue` lands next to its own control.
 */

export type FieldKind =
  | { kind: "text"; multiline?: boolean }
  | { kind: "money" }
  | { kind: "int" }
  | { kind: "ratio" }
  | { kind: "bool" }
  | { kind: "choice"; options: readonly string[] }
  /** Comma-separated ids (a guarantor's guarantors). */
  | { kind: "list" };

export interface FieldSpec {
  key: string;
  label: string;
  type: FieldKind;
  hint?: string;
  /** Left out of the application when empty (the contract marks it optional). */
  optional?: boolean;
  /** Sent as null when empty (the contract's nullable fields). */
  nullable?: boolean;
}

export interface RowGroup {
  /** The application's array: financials, facilities, collateral, guarantors. */
  key: RowKey;
  title: string;
  /** One row's name in the buttons: "Add a year". */
  noun: string;
  fields: readonly FieldSpec[];
  min: number;
  max: number;
}

export type RowKey = "financials" | "facilities" | "collateral" | "guarantors";
export const ROW_KEYS: readonly RowKey[] = ["financials", "facilities", "collateral", "guarantors"];

export interface FieldGroup {
  title: string;
  fields: readonly FieldSpec[];
}

const money = (key: string, label: string, hint?: string): FieldSpec => ({
  key,
  label,
  type: { kind: "money" },
  ...(hint ? { hint } : {}),
});
const int = (key: string, label: string): FieldSpec => ({ key, label, type: { kind: "int" } });
const PASS_FAIL = ["pass", "fail"] as const;
const passFail = (key: string, label: string): FieldSpec => ({
  key,
  label,
  type: { kind: "choice", options: PASS_FAIL },
});
const bool = (key: string, label: string): FieldSpec => ({ key, label, type: { kind: "bool" } });

/** The application's own id and the branch are asked first; who submits is the signed-in RM. */
export function headGroup(branches: readonly string[]): FieldGroup {
  return {
    title: "Application",
    fields: [
      { key: "applicationId", label: "Application id", type: { kind: "text" }, hint: "e.g. APP-2026-000123" },
      { key: "branch", label: "Branch", type: { kind: "choice", options: branches } },
    ],
  };
}

export const BORROWER: FieldGroup = {
  title: "Borrower",
  fields: [
    { key: "borrower.name", label: "Name", type: { kind: "text" } },
    { key: "borrower.sector", label: "Sector", type: { kind: "choice", options: SECTORS } },
    {
      key: "borrower.industryCode",
      label: "Industry code (GB/T 4754)",
      type: { kind: "text" },
      hint: "e.g. C2231",
    },
    { key: "borrower.region", label: "Region", type: { kind: "text" } },
    {
      key: "borrower.clusterId",
      label: "Industrial cluster",
      type: { kind: "text" },
      nullable: true,
      hint: "Leave empty when the borrower belongs to no cluster",
    },
    bool("borrower.existingClient", "Existing client of the bank"),
    int("borrower.yearsEstablished", "Years established"),
    int("borrower.managementYearsInIndustry", "Management's years in the industry"),
    { key: "borrower.partyId", label: "Party id", type: { kind: "text" }, optional: true },
  ],
};

const YEAR_FIELDS: readonly FieldSpec[] = [
  int("year", "Year"),
  money("revenue", "Revenue"),
  money("grossProfit", "Gross profit"),
  money("operatingProfit", "Operating profit"),
  money("netProfit", "Net profit"),
  money("ebitda", "EBITDA"),
  money("interestExpense", "Interest expense"),
  money("operatingCashFlow", "Operating cash flow"),
  money("capex", "Capital expenditure"),
  money("currentAssets", "Current assets"),
  money("inventory", "Inventory"),
  money("currentLiabilities", "Current liabilities"),
  money("totalAssets", "Total assets"),
  money("totalLiabilities", "Total liabilities"),
  money("bankBorrowings", "Bank borrowings"),
];

export const FINANCIALS: RowGroup = {
  key: "financials",
  title: "Financials by year",
  noun: "year",
  fields: YEAR_FIELDS,
  min: 1,
  max: APPLICATION_LIMITS.financialYears,
};

export const CASH_AND_CHECKS: FieldGroup = {
  title: "Cash flow, checks and credit history",
  fields: [
    money("annualDebtService", "Annual debt service"),
    int("receivableDaysIncrease", "Increase in receivable days"),
    {
      key: "buyerConcentration",
      label: "Largest buyer's share of sales",
      type: { kind: "ratio" },
      hint: "A share between 0 and 1: 0.35 means 35%",
    },
    bool("checks.badRecordAtBank", "Bad record at the bank"),
    passFail("checks.bankStatement", "Bank statement check"),
    passFail("checks.interbank", "Interbank check"),
    passFail("checks.tradeCounterparts", "Trade counterparts check"),
    passFail("checks.utilityBills", "Utility bills check"),
    passFail("checks.shareholders", "Shareholders check"),
    int("creditHistory.overdues30", "Overdues up to 30 days"),
    int("creditHistory.overdues31to89", "Overdues of 31 to 89 days"),
    int("creditHistory.overdues90", "Overdues of 90 days or more"),
    int("creditHistory.inquiries6m", "Credit inquiries in 6 months"),
  ],
};

export const FACILITIES: RowGroup = {
  key: "facilities",
  title: "Facilities requested",
  noun: "facility",
  fields: [
    { key: "type", label: "Type", type: { kind: "choice", options: FACILITY_TYPES } },
    money("amount", "Amount"),
    int("tenorMonths", "Tenor (months)"),
    {
      key: "marginPct",
      label: "Cash margin",
      type: { kind: "ratio" },
      optional: true,
      hint: "Guarantees only: a share such as 0.20",
    },
  ],
  min: 1,
  max: APPLICATION_LIMITS.facilities,
};

export const COLLATERAL: RowGroup = {
  key: "collateral",
  title: "Collateral",
  noun: "collateral item",
  fields: [
    { key: "type", label: "Type", type: { kind: "choice", options: COLLATERAL_TYPES } },
    money("appraisedValue", "Appraised value"),
    { key: "description", label: "Description", type: { kind: "text", multiline: true }, optional: true },
  ],
  min: 0,
  max: APPLICATION_LIMITS.collateral,
};

export const GUARANTORS: RowGroup = {
  key: "guarantors",
  title: "Guarantors",
  noun: "guarantor",
  fields: [
    { key: "id", label: "Guarantor id", type: { kind: "text" }, hint: "A short code, e.g. G1" },
    { key: "partyId", label: "Party id", type: { kind: "text" }, optional: true },
    { key: "kind", label: "Kind", type: { kind: "choice", options: ["company", "individual"] } },
    { key: "name", label: "Name", type: { kind: "text" } },
    money("netAssets", "Net assets"),
    money("annualRevenue", "Annual revenue"),
    bool("overdueLast3m", "Overdue in the last 3 months"),
    bool("majorLitigation", "Major litigation"),
    money("guaranteedAmount", "Guaranteed amount"),
    {
      key: "guaranteedBy",
      label: "Guaranteed by",
      type: { kind: "list" },
      optional: true,
      hint: "Ids of the parties guaranteeing this guarantor, separated by commas (BORROWER for the borrower)",
    },
  ],
  min: 0,
  max: APPLICATION_LIMITS.guarantors,
};

export const ROW_GROUPS: Record<RowKey, RowGroup> = {
  financials: FINANCIALS,
  facilities: FACILITIES,
  collateral: COLLATERAL,
  guarantors: GUARANTORS,
};
