import * as z from "../zod";
import { monitoringSchema } from "./monitoring-schema";
import { SECTORS } from "./sectors";
import { STAGES } from "./stages";

export { SECTORS, STAGES };

/** Decimal strings in policy data: never JS numbers for thresholds, rates or money. */
const decimalText = z.string().check(z.regex(/^-?\d+(\.\d+)?$/, 'must be a decimal string such as "0.50"'));
const share = decimalText.check(
  z.refine((s) => Number(s) >= 0 && Number(s) <= 1, "must be a share between 0 and 1"),
);
const count = z.number().check(z.int(), z.nonnegative());
const nonEmpty = z.string().check(z.minLength(1));
/** A list of at least one item. */
const some = <T extends z.ZodMiniType>(item: T) => z.array(item).check(z.minLength(1));

export const GRADES = ["A", "B", "C"] as const;
export const GRANTABLE_FACILITIES = [
  "working_capital",
  "non_financing_guarantee",
  "equipment",
  "plant_construction",
  "property_purchase",
] as const;
export const FACILITY_TYPES = [...GRANTABLE_FACILITIES, "real_estate_development", "project_loan"] as const;
export const COLLATERAL_TYPES = [
  "residential_real_estate",
  "industrial_real_estate",
  "machinery",
  "vehicle",
  "inventory",
  "export_tax_rebate",
  "deposit",
  "government_bond",
  "guarantee_company",
  "life_insurance",
  "warehouse_receipt",
  "listed_shares",
  "unlisted_shares",
  "trademark",
  "patent",
] as const;

const levelThresholds = z.object({
  direction: z.enum(["atLeast", "atMost"]),
  A: decimalText,
  B: decimalText,
  C: decimalText,
});
const byCscColumn = z.object({ manufacturing: levelThresholds, trade: levelThresholds });
const capsBySalesGrade = z.object({
  "1": z.object({ manufacturingAndOthers: decimalText, distribution: decimalText }),
  "2": z.object({ manufacturingAndOthers: decimalText, distribution: decimalText }),
  "3": z.object({ manufacturingAndOthers: decimalText, distribution: decimalText }),
});
const sublimits = z.object(
  Object.fromEntries(GRANTABLE_FACILITIES.map((t) => [t, share])) as Record<
    (typeof GRANTABLE_FACILITIES)[number],
    typeof share
  >,
);
const gradeTerms = z.object({ minCoverage: share, sublimits });
const atLeastBand = z.object({ atLeast: decimalText, points: count });
const atMostBand = z.object({ atMost: decimalText, points: count });
const industryEntry = z.object({ prefix: nonEmpty, label: nonEmpty });

/**
 * When a condition applies: every criterion given must hold (an absent one does not restrict).
 * `facilityTypes` holds when the application requests at least one facility of those types.
 */
const conditionTrigger = z
  .strictObject({
    salesGrades: z.optional(some(count)),
    ratings: z.optional(some(nonEmpty)),
    facilityTypes: z.optional(some(z.enum(GRANTABLE_FACILITIES))),
    sectors: z.optional(some(z.enum(SECTORS))),
  })
  .check(z.refine((t) => Object.keys(t).length > 0, "a condition needs at least one trigger"));

/** A term an approval carries (e.g. a settlement account at the bank), with what triggers it. */
const condition = z.strictObject({
  code: z.string().check(z.regex(/^[A-Z][A-Z0-9_]*$/, "condition codes are UPPER_SNAKE_CASE")),
  message: nonEmpty,
  when: conditionTrigger,
  /** The condition names an amount: this multiple of the requested total (e.g. sales receipts ≥ 3 ×). */
  multipleOfRequested: z.optional(decimalText),
  /** Fixed terms copied into the condition's details (e.g. the share paid out up front). */
  terms: z.optional(z.record(z.string(), decimalText)),
});

/** What becomes of a committee whose SLA ran out (docs/approvals.md, "Committee after its SLA"). */
export const COMMITTEE_AFTER_TIMEOUT = ["BACKUPS_REPLACE", "BACKUPS_JOIN"] as const;

/**
 * How approvers are helped to decide in time: reminders at shares of a stage's SLA, the one extension
 * credit administration may grant (a share of the stage's SLA), and whether a committee's backup
 * members replace or join the members still to vote. Versions without the block keep today's process.
 */
const approvalAids = z.strictObject({
  reminderShares: z
    .array(
      share.check(z.refine((s) => Number(s) > 0 && Number(s) < 1, "a reminder comes before the deadline")),
    )
    .check(
      z.refine(
        (list) => list.every((s, i) => i === 0 || Number(s) > Number(list[i - 1])),
        "reminder shares must be strictly ascending",
      ),
    ),
  slaExtensionShare: z.optional(share.check(z.refine((s) => Number(s) > 0, "an extension must add time"))),
  committeeAfterTimeout: z.enum(COMMITTEE_AFTER_TIMEOUT),
});

export type ApprovalAids = z.infer<typeof approvalAids>;

/** A version without the block: no reminders, no extension, backups replace the members (2026.1). */
export const NO_APPROVAL_AIDS: ApprovalAids = {
  reminderShares: [],
  committeeAfterTimeout: "BACKUPS_REPLACE",
};

export const policySchema = z.object({
  // A what-if variant of a version carries a suffix: sme-standard-2026.2-table.
  id: z
    .string()
    .check(
      z.regex(
        /^[a-z0-9-]+-\d{4}\.\d+(-[a-z0-9]+)*$/,
        "policy id must look like sme-standard-2026.1 (or sme-standard-2026.2-table)",
      ),
    ),
  title: z.string(),
  /** A version for impact studies only (`assess --compare`): registered, never the default. */
  whatIf: z._default(z.boolean(), false),
  currency: z.literal("CNY"),
  sectors: z.object({
    cscColumn: z.record(z.enum(SECTORS), z.enum(["manufacturing", "trade"])),
    cacClass: z.record(z.enum(SECTORS), z.enum(["manufacturingAndOthers", "distribution"])),
  }),
  salesGrades: z.object({
    bands: some(
      z.union([
        z.object({ grade: count, revenueBelow: decimalText }),
        z.object({ grade: count, revenueAtMost: decimalText }),
      ]),
    ),
    microGrade: count,
  }),
  csc: z.object({
    C01: z.object({ managementYears: levelThresholds, companyAge: levelThresholds }),
    C05: levelThresholds,
    C06: byCscColumn,
    C07: levelThresholds,
    C09: levelThresholds,
    C10: levelThresholds,
    C11: byCscColumn,
    C12: byCscColumn,
    primary: z.array(z.string()),
    secondary: z.array(z.string()),
    special: z.array(z.string()),
    maxSecondaryBelowGrade: count,
  }),
  microCsc: z.object({
    minCompanyAgeYears: decimalText,
    minManagementYears: decimalText,
    revenueGrowthYears: count,
    operatingProfitYears: count,
    gradeByFailures: some(z.enum(GRADES)),
  }),
  scorecard: z.object({
    currentRatio: z.array(atLeastBand),
    quickRatio: z.array(atLeastBand),
    debtToAsset: z.array(atMostBand),
    interestCoverage: z.object({ noInterestPoints: count, bands: z.array(atLeastBand) }),
    cashFlowQuality: z.object({
      minOcfToNetProfit: decimalText,
      fullPoints: count,
      positiveOcfPoints: count,
    }),
    freeCashFlowPositivePoints: count,
    creditHistory: z.object({
      base: count,
      perOverdue30: count,
      perOverdue31to89: count,
      perOverdue90: count,
      inquiryPenalties: z.array(z.object({ atMost: count, penalty: count })),
      inquiryPenaltyAbove: count,
    }),
    grossMarginTrend: z.object({ points: count, maxFallPerYear: decimalText, years: count }),
    revenueNotDownPoints: count,
    ratings: some(z.object({ minScore: count, rating: z.string(), pdBand: z.string() })),
  }),
  limits: z.object({
    pctOfSales: z.object({ A: share, B: share, C: share }),
    caps: z.object({ A: capsBySalesGrade, B: capsBySalesGrade, C: capsBySalesGrade }),
    microCapsByFailures: some(decimalText),
  }),
  terms: z.object({
    standard: z.object({ A: gradeTerms, B: gradeTerms, C: gradeTerms, D: gradeTerms }),
    microByFailures: some(gradeTerms),
    microGradeD: gradeTerms,
    maxTenorMonths: z.object({
      standard: z.record(z.enum(GRANTABLE_FACILITIES), count),
      micro: z.partialRecord(z.enum(GRANTABLE_FACILITIES), count),
    }),
    ineligibleProducts: z.array(z.enum(FACILITY_TYPES)),
    guaranteeMargin: z.object({ sectors: z.array(z.enum(SECTORS)), minMarginPct: share }),
  }),
  collateral: z.record(
    z.enum(COLLATERAL_TYPES),
    z.object({ mortgageRate: share, higherApproval: z.boolean() }),
  ),
  guarantors: z.object({
    minNetAssetsMultiple: decimalText,
    /**
     * What a guarantor's net assets are measured against: its own guaranteed amount, or the loan
     * (the requested total). Absent in versions that predate the choice: the guaranteed amount.
     */
    netAssetsBase: z._default(z.enum(["guaranteedAmount", "requestedTotal"]), "guaranteedAmount"),
    companyMinRevenueAbove: decimalText,
    borrowerRef: nonEmpty,
  }),
  /** Ratings whose clients must offer collateral or a guarantor (else SECURITY_REQUIRED); none if absent. */
  security: z._default(z.object({ requiredForRatings: z.array(nonEmpty) }), { requiredForRatings: [] }),
  /**
   * The terms an approval carries, in the order they are reported. Absent in versions without
   * conditions: the assessment then has no `conditions` field at all, so what was recorded under
   * them reproduces byte for byte.
   */
  conditions: z.optional(
    z
      .array(condition)
      .check(
        z.refine(
          (list) => new Set(list.map((c) => c.code)).size === list.length,
          "condition codes must be unique",
        ),
      ),
  ),
  /**
   * Post-loan monitoring: signals, warning tiers, classification floor, clocks, covenants, circle
   * contagion, exit plans and report cadences. Absent in versions written before it; monitoring
   * refuses a version without it rather than guess.
   */
  monitoring: z.optional(monitoringSchema),
  approvals: z._default(approvalAids, NO_APPROVAL_AIDS),
  targetMarket: z.object({ prohibited: z.array(industryEntry), restricted: z.array(industryEntry) }),
  route: z.object({
    branchCreditAuthority: decimalText,
    committeeRatings: z.array(z.string()),
    committeeClientGrades: z.array(z.enum(["A", "B", "C", "D"])),
    committee: z.object({
      quorum: z.number().check(z.int(), z.positive()),
      approveNumerator: z.number().check(z.int(), z.positive()),
      approveDenominator: z.number().check(z.int(), z.positive()),
    }),
    slaHours: z.record(z.enum(STAGES), z.number().check(z.positive())),
  }),
});

export type PolicyData = z.infer<typeof policySchema>;
