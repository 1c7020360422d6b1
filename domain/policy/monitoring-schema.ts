import * as z from "../zod";
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

const decimalText = z
  .string()
  .check(z.regex(/^\d+(\.\d+)?$/, 'must be a non-negative decimal string such as "0.70"'));
const share = decimalText.check(z.refine((s) => Number(s) <= 1, "must be a share between 0 and 1"));
const days = z.number().check(z.int(), z.positive(), z.maximum(36500));
const count = z.number().check(z.int(), z.positive(), z.maximum(1000));
const note = z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(2000)));
const code = z.string().check(z.regex(/^[A-Z][A-Z0-9_]{0,63}$/, "codes are UPPER_SNAKE_CASE"));
const message = z.string().check(z.minLength(1), z.maxLength(500));
const weight = z.enum(SIGNAL_WEIGHTS);
const sectors = z.array(z.enum(SECTORS)).check(z.minLength(1));
/** A GB/T 4754 code prefix, matched as the target-market lists match them. */
const industryPrefix = z
  .string()
  .check(z.regex(/^[A-T](\d{1,6})?$/, "must be a section letter and up to 6 digits"));

const signal = <C extends string, S extends z.core.$ZodLooseShape>(c: C, shape: S) =>
  z.strictObject({ code: z.literal(c), weight, note, ...shape });

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
  z.strictObject({ code: z.literal("OVERDUE"), weight: z.literal("overdue"), atLeastDays: days, note }),
  signal("ACCOUNT_FROZEN", {}),
  signal("CIRCLE_DEFAULT", {}),
  signal("IC_TREND", {
    industryPrefixes: z.array(industryPrefix).check(z.minLength(1)),
    revenueFallAbove: share,
    /** Gross margin fall in percentage points, as a share ("0.05" = 5 points). */
    marginFallAbove: share,
  }),
]);

/** A tier applies when any criterion given is met; each is an "at least". */
const tierRule = z.strictObject({
  when: z
    .strictObject({
      redSignals: z.optional(count),
      hardSignals: z.optional(count),
      softSignals: z.optional(count),
      daysPastDueAtLeast: z.optional(days),
    })
    .check(z.refine((w) => Object.keys(w).length > 0, "a tier needs at least one criterion")),
  /** Days from entering the tier to the response the risk-management owner must record. */
  responseDays: days,
  /** What the response must do (001 §7.3), in the order they are listed to the owner. */
  actions: z.array(z.strictObject({ code, message })).check(z.minLength(1)),
  /** Who takes the warning in turn, the first one owning the response. */
  stages: z.array(z.enum(WARNING_STAGES)).check(
    z.minLength(1),
    z.refine((s) => s[0] === "RISK_MANAGEMENT", "risk management raises and owns every warning"),
  ),
  note,
});

const overdueFloor = z.object({
  daysAbove: z.number().check(z.int(), z.nonnegative()),
  category: z.enum(CATEGORIES),
});

const classification = z
  .strictObject({
    /** Read top-down, first match wins: strictly descending days, never a better category for more days. */
    overdueFloors: z.array(overdueFloor).check(z.minLength(1)),
    tierFloors: z.object({ red: z.enum(CATEGORIES), yellow: z.enum(CATEGORIES), blue: z.enum(CATEGORIES) }),
    /** Whether a tier's floor applies to every credit, or only to one with no days past due. */
    tierFloorsApply: z.enum(["always", "withoutOverdue"]),
    /** Days from entering the warning list within which a person classifies; head office after. */
    decisionDays: days,
    /** The latest day a classification may be decided; past it, an alarm. */
    hardLimitDays: days,
    note,
  })
  .check(
    z.superRefine((c, ctx) => {
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
    }),
  );

const covenant = z.strictObject({
  code,
  /** The assessment condition an approval carries that becomes this covenant. */
  fromCondition: code,
  /** The signal that tests the covenant after approval. */
  testedBy: code,
  message,
  /** Sales receipts through the settlement account over 12 months must reach this × the approved limit. */
  receiptsMultipleOfLimit: z.optional(decimalText),
  note,
});

const report = z.strictObject({
  report: code,
  every: z.enum(["month", "quarter"]),
  /** Credits classified this or worse appear in the report. */
  worstFrom: z.enum(CATEGORIES),
  note,
});

const unique = <T>(key: (t: T) => string, what: string) =>
  z.refine<T[]>((list) => new Set(list.map(key)).size === list.length, `${what} must be unique`);

export const monitoringSchema = z
  .strictObject({
    note,
    signals: z.array(signalRule).check(
      z.minLength(1),
      unique((s: { code: string }) => s.code, "signal codes"),
    ),
    tiers: z.strictObject({ red: tierRule, yellow: tierRule, blue: tierRule }),
    classification,
    /**
     * Shares of a clock (a response deadline, the classification window) at which the owner is
     * reminded, ascending, each between 0 and 1 exclusive.
     */
    reminders: z.strictObject({
      shares: z
        .array(
          share.check(z.refine((s) => Number(s) > 0 && Number(s) < 1, "must be strictly between 0 and 1")),
        )
        .check(
          z.refine((l) => l.every((s, i) => i === 0 || Number(s) > Number(l[i - 1])), "must be ascending"),
        ),
      note,
    }),
    covenants: z.array(covenant).check(unique((c: { code: string }) => c.code, "covenant codes")),
    circleContagion: z.strictObject({
      /** A member at least this many days past due, or on one of `tiers`, is in default. */
      daysPastDueAtLeast: days,
      tiers: z.array(z.enum(TIERS)).check(z.minLength(1)),
      note,
    }),
    exitPlan: z.strictObject({
      /** A credit on one of these tiers, or classified `categoriesFrom` or worse, enters an exit plan. */
      tiers: z.array(z.enum(TIERS)).check(z.minLength(1)),
      categoriesFrom: z.enum(CATEGORIES),
      actions: z.array(z.strictObject({ code, message })).check(z.minLength(1)),
      note,
    }),
    snapshots: z.strictObject({ every: z.enum(["month", "quarter"]), note }),
    reports: z.array(report).check(
      z.minLength(1),
      unique((r: { report: string }) => r.report, "report ids"),
    ),
  })
  .check(
    z.superRefine((m, ctx) => {
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
    }),
  );

export type MonitoringPolicy = z.infer<typeof monitoringSchema>;
export type SignalRule = MonitoringPolicy["signals"][number];
export type SignalCode = SignalRule["code"];
export type TierRule = MonitoringPolicy["tiers"]["red"];
