import { COLLATERAL_TYPES, FACILITY_TYPES, SECTORS } from "../policy/schema";
import { firstUnsafeCharacter, type TextUse } from "../text";
import * as z from "../zod";
import { APPLICATION_LIMITS as LIMITS } from "./limits";
import { partyIdSchema } from "./party-id";

// Money arrives as decimal strings with at most two decimals (fen); JS numbers are refused outright
// so that no amount is ever silently rounded by a JSON parser. The number of digits is checked apart
// from the format so that a 5,000-digit figure is named for what it is.
const MONEY = /^\d+(\.\d{1,2})?$/;
const SIGNED_MONEY = /^-?\d+(\.\d{1,2})?$/;
const RATIO = /^\d(\.\d{1,4})?$/;
/** Printable ASCII without spaces: ids are codes, never prose. */
const ID = /^[\x21-\x7E]+$/;

/** Zod's own "expected string, received undefined" is replaced by words a credit officer reads. */
export const typeError = (expected: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? "is required" : expected;

/**
 * Digits before the point of an amount's text (a leading "-" not counted), on any string, valid or
 * not. Counted by index rather than by replace and split: every amount of every application passes
 * here, and the two allocations made it the costliest check of the whole schema.
 */
function integerDigits(amount: string): number {
  const start = amount.charCodeAt(0) === 45 ? 1 : 0;
  const point = amount.indexOf(".");
  return (point < 0 ? amount.length : point) - start;
}
const tooManyDigits = `must have at most ${LIMITS.moneyIntegerDigits} digits before the decimal point (below 10^${LIMITS.moneyIntegerDigits} yuan)`;

const withinDigits = z.refine<string>((s) => integerDigits(s) <= LIMITS.moneyIntegerDigits, tooManyDigits);
const money = z
  .string({ error: typeError('must be a decimal string of yuan such as "1500000.00"') })
  .check(
    z.regex(MONEY, 'must be a non-negative amount with at most 2 decimals, as a string such as "1500000.00"'),
    withinDigits,
  );
const signedMoney = z
  .string({ error: typeError('must be a decimal string of yuan such as "-25000.00"') })
  .check(
    z.regex(SIGNED_MONEY, 'must be an amount with at most 2 decimals, as a string such as "-25000.00"'),
    withinDigits,
  );
const positiveMoney = money.check(z.refine((s) => /[1-9]/.test(s), "must be greater than zero"));
const ratio = z
  .string({ error: typeError('must be a decimal string between 0 and 1 such as "0.35"') })
  // One problem per value: a malformed share is not also reported as out of range.
  .check(
    z.superRefine((s, ctx) => {
      const message = !RATIO.test(s)
        ? 'must be a share between 0 and 1 with at most 4 decimals, as a string such as "0.35"'
        : Number(s) > 1
          ? 'must be a share between 0 and 1 ("0.35" means 35%)'
          : undefined;
      if (message) ctx.addIssue({ code: "custom", message });
    }),
  );
const count = z
  .number({ error: typeError("must be a whole number") })
  .check(
    z.int("must be a whole number"),
    z.nonnegative("must not be negative"),
    z.lte(LIMITS.count, `must be at most ${LIMITS.count}`),
  );
const passFail = z.enum(["pass", "fail"], { error: typeError('must be "pass" or "fail"') });

/** Control characters and bidi overrides are named by code point; they are never part of a name. */
function cleanText(use: TextUse) {
  return z.superRefine((value: string, ctx) => {
    const found = firstUnsafeCharacter(value, use);
    if (found)
      ctx.addIssue({
        code: "custom",
        message: `must not contain control or bidirectional-formatting characters (found ${found})`,
      });
  });
}

/** Human text, in any script: trimmed, bounded, one line unless `use` is "block". */
function text(maxChars: number, use: TextUse = "line") {
  const raw = z
    .string({ error: typeError("must be text") })
    .check(z.maxLength(maxChars, `must be at most ${maxChars} characters`), cleanText(use));
  return z.pipe(
    z.pipe(
      raw,
      z.transform((s: string) => s.trim()),
    ),
    z.string().check(z.minLength(1, "must not be empty")),
  );
}

const id = z.string({ error: typeError("must be a text id") }).check(
  // On the raw value: trimming would silently drop a trailing line separator instead of naming it.
  cleanText("line"),
  z.trim(),
  z.minLength(1, "must not be empty"),
  z.maxLength(LIMITS.idChars, `must be at most ${LIMITS.idChars} characters`),
  z.refine(
    (s) => s === "" || ID.test(s) || firstUnsafeCharacter(s, "line") !== undefined,
    "must be printable ASCII without spaces, such as APP-2026-000123",
  ),
);

type Ctx = z.core.$RefinementCtx;

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
    .check(
      z.int("must be a whole year"),
      z.gte(1900, "must be a year after 1900"),
      z.lte(2200, "must be a plausible year"),
    ),
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
    .check(
      z.int("must be a whole number of months"),
      z.positive("must be at least 1 month"),
      z.lte(600, "must be at most 600 months"),
    ),
  /** Cash margin on a non-financing guarantee, as a share ("0.20" = 20%). */
  marginPct: z.optional(ratio),
});

export const collateralSchema = z.object({
  type: z.enum(COLLATERAL_TYPES, { error: typeError(`must be one of ${COLLATERAL_TYPES.join(", ")}`) }),
  appraisedValue: money,
  description: z.optional(text(LIMITS.descriptionChars, "block")),
});

export const guarantorSchema = z.object({
  id,
  /** The guarantor's stable party id (see party-id.ts): links it across cases for book-wide circles. */
  partyId: z.optional(partyIdSchema),
  kind: z.enum(["company", "individual"], { error: typeError('must be "company" or "individual"') }),
  name: text(LIMITS.nameChars),
  netAssets: signedMoney,
  annualRevenue: money,
  overdueLast3m: z.boolean(),
  majorLitigation: z.boolean(),
  guaranteedAmount: money,
  /**
   * Parties that guarantee this guarantor's own debts: other guarantors' ids, or "BORROWER" (the
   * policy's borrowerRef). Lets the assessment find guarantee circles (docs/policy.md §5, seed 003).
   */
  guaranteedBy: z.optional(
    z.array(id).check(z.maxLength(LIMITS.guaranteedBy, `must list at most ${LIMITS.guaranteedBy} parties`)),
  ),
});

export const applicationSchema = z.object({
  applicationId: id,
  submittedBy: id,
  branch: id,
  borrower: z.object({
    name: text(LIMITS.nameChars),
    sector: z.enum(SECTORS, { error: typeError(`must be one of ${SECTORS.join(", ")}`) }),
    industryCode: z
      .string()
      .check(
        z.regex(
          /^[A-T](\d{2,4})?$/,
          'must be a GB/T 4754 code: a section letter A-T and 2 to 4 digits, e.g. "C3011"',
        ),
      ),
    region: text(LIMITS.regionChars),
    clusterId: z.nullable(text(LIMITS.clusterIdChars)),
    existingClient: z.boolean(),
    yearsEstablished: count,
    managementYearsInIndustry: count,
    /** The borrower's stable party id (see party-id.ts); optional for old data, needed for book checks. */
    partyId: z.optional(partyIdSchema),
  }),
  financials: z.array(financialYearSchema).check(
    z.minLength(1, "must hold at least the latest year"),
    z.maxLength(LIMITS.financialYears, `must hold at most ${LIMITS.financialYears} years`),
    // Runs even when a year has other problems, so duplicate or missing years are reported alongside them.
    z.superRefine(checkYears, { when: (payload) => Array.isArray(payload.value) }),
  ),
  annualDebtService: money,
  /** Days; negative when receivables are collected faster than at the start of the year. */
  receivableDaysIncrease: z
    .number({ error: typeError("must be a whole number of days") })
    .check(
      z.int("must be a whole number of days"),
      z.gte(-LIMITS.receivableDays, `must be at least -${LIMITS.receivableDays} days`),
      z.lte(LIMITS.receivableDays, `must be at most ${LIMITS.receivableDays} days`),
    ),
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
  facilities: z
    .array(facilitySchema)
    .check(
      z.minLength(1, "must request at least one facility"),
      z.maxLength(LIMITS.facilities, `must request at most ${LIMITS.facilities} facilities`),
    ),
  collateral: z
    .array(collateralSchema)
    .check(z.maxLength(LIMITS.collateral, `must list at most ${LIMITS.collateral} items`)),
  guarantors: z
    .array(guarantorSchema)
    .check(
      z.maxLength(LIMITS.guarantors, `must list at most ${LIMITS.guarantors} guarantors`),
      z.superRefine(checkGuarantorIds, { when: (payload) => Array.isArray(payload.value) }),
    ),
});

export type Application = z.infer<typeof applicationSchema>;
export type FinancialYear = z.infer<typeof financialYearSchema>;
export type Facility = z.infer<typeof facilitySchema>;
export type Guarantor = z.infer<typeof guarantorSchema>;
