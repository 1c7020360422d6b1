import { z } from "zod";
import { SECTORS } from "./sectors";

/**
 * The `monitoring` section of a policy version: what post-loan monitoring computes (signals, warning
 * tiers, classification floor) and the clocks and cadences the runtime keeps. Every threshold, count,
 * day and share is data here; a reading the sources leave open carries its reason in `note`.
 */

/** Warning tiers, lowest first: the order is the meaning ("raise" means move right). */
export const TIERS = ["blue", "yellow", "red"] as const;
export type Tier = (typeof TIERS)[number];

/** The five risk categories, best first: "worse" means further right. */
export const CATEGORIES = ["normal", "special_mention", "substandard", "doubtful", "loss"] as const;
export type Category = (typeof CATEGORIES)[number];

/** Who takes a warning's response in turn (risk management → credit approval → legal → finance). */
export const WARNING_STAGES = ["RISK_MANAGEMENT", "CREDIT_APPROVAL", "LEGAL", "FINANCE"] as const;
export type WarningStage = (typeof WARNING_STAGES)[number];

export const SIGNAL_WEIGHTS = ["soft", "hard", "red"] as const;

const decimalText = z.string().regex(/^\d+(\.\d+)?$/, 'must be a non-negative decimal string such as "0.70"');
const share = decimalText.refine((s) => Number(s) <= 1, "must be a share between 0 and 1");
const days = z.number().int().positive().max(36500);
const count = z.number().int().positive().max(1000);
const note = z.string().trim().min(1).max(2000).optional();
const code = z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/, "codes are UPPER_SNAKE_CASE");
const weight = z.enum(SIGNAL_WEIGHTS);
const sectors = z.array(z.enum(SECTORS)).min(1);
/** A GB/T 4754 code prefix, matched as the target-market lists match them. */
const industryPrefix = z.string().regex(/^[A-T](\d{1,6})?$/, "must be a section letter and up to 6 digits");

const signal = <C extends string, S extends z.ZodRawShape>(c: C, shape: S) =>
  z.object({ code: z.literal(c), weight, note, ...shape }).strict();

/** The signal table, one rule shape per code; the array's order is the order signals are reported in. */
const signalRule = z.discriminatedUnion("code", [
  signal("CURRENT_RATIO", { below: decimalText }),
  signal("QUICK_RATIO", { below: decimalText }),
  signal("RECEIVABLE_DAYS", { aboveDays: days }),
  signal("CUSTOMER_CONCENTRATION", { sectors, shareAbove: share }),
  signal("INVENTORY_TURNOVER", { sectors, turnoverBelow: decimalText }),
  /** Tests the covenant named: receipts through the settlement account below its multiple of the limit. */
  signal("RECEIPTS_COVENANT", { covenant: code }),
  signal("LAWSUIT", { amountAbove: decimalText }),
  z.object({ code: z.literal("OVERDUE"), weight: z.literal("overdue"), atLeastDays: days, note }).strict(),
  signal("ACCOUNT_FROZEN", {}),
  signal("CIRCLE_DEFAULT", {}),
  signal("IC_TREND", {
    industryPrefixes: z.array(industryPrefix).min(1),
    revenueFallAbove: share,
    /** Gross margin fall in percentage points, as a share ("0.05" = 5 points). */
    marginFallAbove: share,
  }),
]);

/** A tier applies when any criterion given is met; each is an "at least". */
const tierRule = z
  .object({
    when: z
      .object({
        redSignals: count.optional(),
        hardSignals: count.optional(),
        softSignals: count.optional(),
        daysPastDueAtLeast: days.optional(),
      })
      .strict()
      .refine((w) => Object.keys(w).length > 0, "a tier needs at least one criterion"),
    /** Days from entering the tier to the response the risk-management owner must record. */
    responseDays: days,
    /** What the response must do (001 §7.3), in the order they are listed to the owner. */
    actions: z.array(z.object({ code, message: z.string().min(1).max(500) }).strict()).min(1),
    /** Who takes the warning in turn, the first one owning the response. */
    stages: z
      .array(z.enum(WARNING_STAGES))
      .min(1)
      .refine((s) => s[0] === "RISK_MANAGEMENT", "risk management raises and owns every warning"),
    note,
  })
  .strict();

const overdueFloor = z.object({ daysAbove: z.number().int().nonnegative(), category: z.enum(CATEGORIES) });

const classification = z
  .object({
    /** Read top-down, first match wins: strictly descending days, never a better category for more days. */
    overdueFloors: z.array(overdueFloor).min(1),
    tierFloors: z.object({ red: z.enum(CATEGORIES), yellow: z.enum(CATEGORIES), blue: z.enum(CATEGORIES) }),
    /** Whether a tier's floor applies to every credit, or only to one with no days past due. */
    tierFloorsApply: z.enum(["always", "withoutOverdue"]),
    /** Days from entering the warning list within which a person classifies; head office after. */
    decisionDays: days,
    /** The latest day a classification may be decided; past it, an alarm. */
    hardLimitDays: days,
    note,
  })
  .strict()
  .superRefine((c, ctx) => {
    const floors = c.overdueFloors;
    for (let i = 1; i < floors.length; i++) {
      const [prev, cur] = [floors[i - 1], floors[i]];
      if (!prev || !cur) continue;
      if (cur.daysAbove >= prev.daysAbove)
        ctx.addIssue({ code: "custom", path: ["overdueFloors", i], message: "days must strictly descend" });
      if (CATEGORIES.indexOf(cur.category) > CATEGORIES.indexOf(prev.category))
        ctx.addIssue({
          code: "custom",
          path: ["overdueFloors", i],
          message: "fewer days past due may not give a worse category",
        });
    }
    if (c.decisionDays >= c.hardLimitDays)
      ctx.addIssue({ code: "custom", path: ["decisionDays"], message: "must be before hardLimitDays" });
  });

const covenant = z
  .object({
    code,
    /** The assessment condition an approval carries that becomes this covenant. */
    fromCondition: code,
    /** The signal that tests the covenant after approval. */
    testedBy: code,
    message: z.string().min(1).max(500),
    /** Sales receipts through the settlement account over 12 months must reach this × the approved limit. */
    receiptsMultipleOfLimit: decimalText.optional(),
    note,
  })
  .strict();

const report = z
  .object({
    report: code,
    every: z.enum(["month", "quarter"]),
    /** Credits classified this or worse appear in the report. */
    worstFrom: z.enum(CATEGORIES),
    note,
  })
  .strict();

const unique = <T>(key: (t: T) => string, what: string) =>
  [(list: T[]) => new Set(list.map(key)).size === list.length, `${what} must be unique`] as const;

export const monitoringSchema = z
  .object({
    note,
    signals: z
      .array(signalRule)
      .min(1)
      .refine(...unique((s: { code: string }) => s.code, "signal codes")),
    tiers: z.object({ red: tierRule, yellow: tierRule, blue: tierRule }).strict(),
    classification,
    /**
     * Shares of a clock (a response deadline, the classification window) at which the owner is
     * reminded, ascending, each between 0 and 1 exclusive.
     */
    reminders: z
      .object({
        shares: z
          .array(share.refine((s) => Number(s) > 0 && Number(s) < 1, "must be strictly between 0 and 1"))
          .refine((l) => l.every((s, i) => i === 0 || Number(s) > Number(l[i - 1])), "must be ascending"),
        note,
      })
      .strict(),
    covenants: z.array(covenant).refine(...unique((c: { code: string }) => c.code, "covenant codes")),
    circleContagion: z
      .object({
        /** A member at least this many days past due, or on one of `tiers`, is in default. */
        daysPastDueAtLeast: days,
        tiers: z.array(z.enum(TIERS)).min(1),
        note,
      })
      .strict(),
    exitPlan: z
      .object({
        /** A credit on one of these tiers, or classified `categoriesFrom` or worse, enters an exit plan. */
        tiers: z.array(z.enum(TIERS)).min(1),
        categoriesFrom: z.enum(CATEGORIES),
        actions: z.array(z.object({ code, message: z.string().min(1).max(500) }).strict()).min(1),
        note,
      })
      .strict(),
    snapshots: z.object({ every: z.enum(["month", "quarter"]), note }).strict(),
    reports: z
      .array(report)
      .min(1)
      .refine(...unique((r: { report: string }) => r.report, "report ids")),
  })
  .strict()
  .superRefine((m, ctx) => {
    m.signals.forEach((s, i) => {
      if (s.code !== "RECEIPTS_COVENANT") return;
      const tested = m.covenants.find((c) => c.code === s.covenant);
      if (tested?.receiptsMultipleOfLimit === undefined)
        ctx.addIssue({
          code: "custom",
          path: ["signals", i, "covenant"],
          message: `must name a covenant with receiptsMultipleOfLimit, got "${s.covenant}"`,
        });
    });
  });

export type MonitoringPolicy = z.infer<typeof monitoringSchema>;
export type SignalRule = MonitoringPolicy["signals"][number];
export type SignalCode = SignalRule["code"];
export type TierRule = MonitoringPolicy["tiers"]["red"];
