import { Dec } from "../decimal";
import { GRANTABLE_FACILITIES } from "../policy/schema";
import * as z from "../zod";
import { isMoneyText, positiveMoneyText } from "./money";

/**
 * The portfolio plan file: the caps on the loan book as a whole (program, industries, exceptions,
 * facility types, grade upgrades, clusters). Every number is data; every reading the sources leave
 * open is written beside its datum in `notes`. Shares are of the program limit (see the plan's notes).
 */

// Shares with up to 6 decimals: share × a 2-decimal limit stays exact in a DynamoDB number.
const SHARE = /^(0(\.\d{1,6})?|1(\.0{1,6})?)$/;

const share = z
  .string({ error: 'must be a decimal string such as "0.15"' })
  .check(z.regex(SHARE, 'must be a share between 0 and 1 with at most 6 decimals, such as "0.15"'));
const hard = z.boolean({ error: "must be true (no one may approve past it) or false (head office may)" });
const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
const notes = z.optional(text(2000));
/** GB/T 4754 code prefix, as the policy's target-market lists match them. */
const industryPrefix = z
  .string()
  .check(
    z.regex(/^[A-T](\d{1,4})?$/, "must be a GB/T 4754 code prefix: a section letter A-T and up to 4 digits"),
  );
/** Cluster ids appear inside counter ids ("CLUSTER:ID"), so they carry no colon. */
const clusterId = z
  .string()
  .check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, "must be 1-64 letters, digits, '.', '_' or '-'"));

export const UPGRADE_KINDS = ["DtoC", "CtoB", "BtoA"] as const;
export type UpgradeKind = (typeof UPGRADE_KINDS)[number];

const clusterTermsSchema = z.object({
  /** Regions a member may be in (`borrower.region`); empty: any region. */
  regions: z.array(text(64)).check(z.maxLength(100)),
  facilityTypes: z.array(z.enum(GRANTABLE_FACILITIES)).check(z.minLength(1)),
  maxTenorMonths: z.number().check(z.int(), z.positive(), z.lte(600)),
  /** Members and their guarantors must carry party ids, so guarantee circles in the group are seen. */
  requirePartyIds: z.boolean(),
  notes,
});

const clusterSchema = z
  .object({
    clusterId,
    name: text(200),
    industryPrefixes: z.array(industryPrefix).check(z.minLength(1), z.maxLength(50)),
    limit: positiveMoneyText,
    perClientMax: positiveMoneyText,
    hard,
    terms: clusterTermsSchema,
    notes,
  })
  .check(
    z.superRefine((c, ctx) => {
      if (isMoneyText(c.perClientMax) && isMoneyText(c.limit) && new Dec(c.perClientMax).gt(c.limit))
        ctx.addIssue({
          code: "custom",
          path: ["perClientMax"],
          message: "must not exceed the cluster's limit",
        });
    }),
  );

export const portfolioPlanSchema = z
  .object({
    planId: z
      .string()
      .check(z.regex(/^[a-z0-9-]+-\d{4}\.\d+[a-z0-9.-]*$/, "plan id must look like sme-portfolio-2026.1")),
    title: text(200),
    currency: z.literal("CNY"),
    notes,
    programLimit: z.object({ amount: positiveMoneyText, hard, notes }),
    industryCaps: z.array(z.object({ prefix: industryPrefix, share, hard, notes })).check(z.maxLength(200)),
    exceptionCap: z.object({
      share,
      hard,
      /** Exception codes that do not make an exposure count as "approved with an exception". */
      excludedCodes: z.array(z.string().check(z.regex(/^[A-Z][A-Z0-9_]{0,63}$/))).check(z.maxLength(50)),
      notes,
    }),
    facilityTypeCaps: z.object({
      types: z.array(z.enum(GRANTABLE_FACILITIES)).check(z.minLength(1)),
      each: share,
      together: share,
      hard,
      notes,
    }),
    gradeUpgradeQuotas: z.object({ DtoC: share, CtoB: share, BtoA: share, hard, notes }),
    clusters: z.array(clusterSchema).check(z.maxLength(200)),
  })
  .check(
    z.superRefine((plan, ctx) => {
      const unique = (values: string[], at: (i: number) => (string | number)[], what: string) => {
        const seen = new Set<string>();
        values.forEach((v, i) => {
          if (seen.has(v)) ctx.addIssue({ code: "custom", path: at(i), message: `duplicate ${what} "${v}"` });
          seen.add(v);
        });
      };
      unique(
        plan.industryCaps.map((c) => c.prefix),
        (i) => ["industryCaps", i, "prefix"],
        "industry prefix",
      );
      unique(plan.facilityTypeCaps.types, (i) => ["facilityTypeCaps", "types", i], "facility type");
      unique(
        plan.clusters.map((c) => c.clusterId),
        (i) => ["clusters", i, "clusterId"],
        "cluster id",
      );
    }),
  );

export type PortfolioPlanData = z.infer<typeof portfolioPlanSchema>;
export type ClusterPlan = PortfolioPlanData["clusters"][number];
