import { z } from "zod";
import { COLLATERAL_TYPES, FACILITY_TYPES, SECTORS } from "../policy/schema";
import { partyIdSchema } from "./party-id";

// Money arrives as decimal strings with at most two decimals (fen); JS numbers are refused outright
// so that no amount is ever silently rounded by a JSON parser.
const MONEY = /^\d+(\.\d{1,2})?$/;
const SIGNED_MONEY = /^-?\d+(\.\d{1,2})?$/;
const RATIO = /^\d+(\.\d{1,4})?$/;

/** Zod's own "expected string, received undefined" is replaced by words a credit officer reads. */
export const typeError = (expected: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? "is required" : expected;

const money = z
  .string({ error: typeError('must be a decimal string of yuan such as "1500000.00"') })
  .regex(MONEY, 'must be a non-negative amount with at most 2 decimals, as a string such as "1500000.00"');
const signedMoney = z
  .string({ error: typeError('must be a decimal string of yuan such as "-25000.00"') })
  .regex(SIGNED_MONEY, 'must be an amount with at most 2 decimals, as a string such as "-25000.00"');
const positiveMoney = money.refine((s) => /[1-9]/.test(s), "must be greater than zero");
const ratio = z
  .string({ error: typeError('must be a decimal string between 0 and 1 such as "0.35"') })
  .regex(RATIO, 'must be a share between 0 and 1 with at most 4 decimals, as a string such as "0.35"')
  .refine((s) => Number(s) <= 1, 'must be a share between 0 and 1 ("0.35" means 35%)');
const count = z
  .number({ error: typeError("must be a whole number") })
  .int("must be a whole number")
  .nonnegative("must not be negative");
const passFail = z.enum(["pass", "fail"], { error: typeError('must be "pass" or "fail"') });
const id = z.string().trim().min(1, "must not be empty").max(128, "must be at most 128 characters");

type Ctx = z.RefinementCtx;

function checkYears(years: readonly { year?: unknown }[], ctx: Ctx): void {
  const seen = new Set<number>();
  years.forEach((y, i) => {
    if (typeof y?.year !== "number") return;
    if (seen.has(y.year))
      ctx.addIssue({ code: "custom", path: [i, "year"], message: `duplicate year ${y.year}` });
    seen.add(y.year);
  });
  if (seen.size !== years.length) return;
  const sorted = [...seen].sort((a, b) => b - a);
  for (let i = 1; i < sorted.length; i++) {
    if ((sorted[i - 1] ?? 0) - (sorted[i] ?? 0) !== 1) {
      ctx.addIssue({ code: "custom", message: `years must be consecutive, got ${sorted.join(", ")}` });
      return;
    }
  }
}

function checkGuarantorIds(list: readonly { id?: unknown }[], ctx: Ctx): void {
  const seen = new Set<string>();
  list.forEach((g, i) => {
    if (typeof g?.id !== "string") return;
    if (seen.has(g.id))
      ctx.addIssue({ code: "custom", path: [i, "id"], message: `duplicate guarantor id "${g.id}"` });
    seen.add(g.id);
  });
}

export const financialYearSchema = z.object({
  year: z
    .number()
    .int("must be a whole year")
    .min(1900, "must be a year after 1900")
    .max(2200, "must be a plausible year"),
  revenue: money,
  grossProfit: signedMoney,
  operatingProfit: signedMoney,
  netProfit: signedMoney,
  ebitda: signedMoney,
  interestExpense: money,
  operatingCashFlow: signedMoney,
  capex: money,
  currentAssets: money,
  inventory: money,
  currentLiabilities: money,
  totalAssets: money,
  totalLiabilities: money,
  bankBorrowings: money,
});

export const facilitySchema = z.object({
  type: z.enum(FACILITY_TYPES, { error: typeError(`must be one of ${FACILITY_TYPES.join(", ")}`) }),
  amount: positiveMoney,
  tenorMonths: z
    .number()
    .int("must be a whole number of months")
    .positive("must be at least 1 month")
    .max(600, "must be at most 600 months"),
  /** Cash margin on a non-financing guarantee, as a share ("0.20" = 20%). */
  marginPct: ratio.optional(),
});

export const collateralSchema = z.object({
  type: z.enum(COLLATERAL_TYPES, { error: typeError(`must be one of ${COLLATERAL_TYPES.join(", ")}`) }),
  appraisedValue: money,
  description: z.string().max(500).optional(),
});

export const guarantorSchema = z.object({
  id,
  /** The guarantor's stable party id (see party-id.ts): links it across cases for book-wide circles. */
  partyId: partyIdSchema.optional(),
  kind: z.enum(["company", "individual"], { error: typeError('must be "company" or "individual"') }),
  name: z.string().trim().min(1, "must not be empty"),
  netAssets: signedMoney,
  annualRevenue: money,
  overdueLast3m: z.boolean(),
  majorLitigation: z.boolean(),
  guaranteedAmount: money,
  /**
   * Parties that guarantee this guarantor's own debts: other guarantors' ids, or "BORROWER" (the
   * policy's borrowerRef). Lets the assessment find guarantee circles (POLICY.md §5, seed 003).
   */
  guaranteedBy: z.array(id).max(50).optional(),
});

export const applicationSchema = z.object({
  applicationId: id,
  submittedBy: id,
  branch: id,
  borrower: z.object({
    name: z.string().trim().min(1, "must not be empty").max(300),
    sector: z.enum(SECTORS, { error: typeError(`must be one of ${SECTORS.join(", ")}`) }),
    industryCode: z
      .string()
      .regex(
        /^[A-T](\d{2,4})?$/,
        'must be a GB/T 4754 code: a section letter A-T and 2 to 4 digits, e.g. "C3011"',
      ),
    region: z.string().trim().min(1, "must not be empty"),
    clusterId: z.string().min(1).nullable(),
    existingClient: z.boolean(),
    yearsEstablished: count,
    managementYearsInIndustry: count,
    /** The borrower's stable party id (see party-id.ts); optional for old data, needed for book checks. */
    partyId: partyIdSchema.optional(),
  }),
  financials: z
    .array(financialYearSchema)
    .min(1, "must hold at least the latest year")
    .max(3, "must hold at most 3 years")
    // Runs even when a year has other problems, so duplicate or missing years are reported alongside them.
    .superRefine(checkYears, { when: (payload) => Array.isArray(payload.value) }),
  annualDebtService: money,
  /** Days; negative when receivables are collected faster than at the start of the year. */
  receivableDaysIncrease: z
    .number({ error: typeError("must be a whole number of days") })
    .int("must be a whole number of days"),
  buyerConcentration: ratio,
  checks: z.object({
    badRecordAtBank: z.boolean(),
    bankStatement: passFail,
    interbank: passFail,
    tradeCounterparts: passFail,
    utilityBills: passFail,
    shareholders: passFail,
  }),
  creditHistory: z.object({
    overdues30: count,
    overdues31to89: count,
    overdues90: count,
    inquiries6m: count,
  }),
  facilities: z.array(facilitySchema).min(1, "must request at least one facility").max(20),
  collateral: z.array(collateralSchema).max(100),
  guarantors: z
    .array(guarantorSchema)
    .max(50)
    .superRefine(checkGuarantorIds, { when: (payload) => Array.isArray(payload.value) }),
});

export type Application = z.infer<typeof applicationSchema>;
export type FinancialYear = z.infer<typeof financialYearSchema>;
export type Facility = z.infer<typeof facilitySchema>;
export type Guarantor = z.infer<typeof guarantorSchema>;
