import { typeError } from "../application/schema";
import { SECTORS } from "../policy/sectors";
import * as z from "../zod";

/**
 * (zod/mini through ../zod, as every schema a Lambda bundle holds: the same messages as classic zod.)
 *
 * The monitoring snapshot: the latest figures of one monitored borrower, as credit administration or a
 * system client sends them. Money is decimal strings of yuan (at most 15 digits and 2 decimals: never a
 * JS number, never silently rounded); every string is bounded, so one bad line cannot weigh a batch down.
 */

const MONEY = /^\d{1,15}(\.\d{1,2})?$/;
const SIGNED_MONEY = /^-?\d{1,15}(\.\d{1,2})?$/;
const SHARE = /^\d(\.\d{1,4})?$/;
const TURNOVER = /^\d{1,9}(\.\d{1,4})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_DAYS = 36500;

const money = z
  .string({ error: typeError('must be a decimal string of yuan such as "1500000.00"') })
  .check(
    z.regex(MONEY, 'must be a non-negative amount of at most 15 digits and 2 decimals, such as "1500000.00"'),
  );
const signedMoney = z
  .string({ error: typeError('must be a decimal string of yuan such as "-25000.00"') })
  .check(z.regex(SIGNED_MONEY, 'must be an amount of at most 15 digits and 2 decimals, such as "-25000.00"'));
const positiveMoney = money.check(z.refine((s) => /[1-9]/.test(s), "must be greater than zero"));
const share = z.string({ error: typeError('must be a decimal string between 0 and 1 such as "0.35"') }).check(
  z.regex(SHARE, 'must be a share between 0 and 1 with at most 4 decimals, such as "0.35"'),
  z.refine((s) => Number(s) <= 1, 'must be a share between 0 and 1 ("0.35" means 35%)'),
);
const turnover = z
  .string({ error: typeError('must be a decimal string such as "3.4"') })
  .check(
    z.regex(TURNOVER, 'must be a non-negative number of times a year with at most 4 decimals, such as "3.4"'),
  );
const days = z
  .number({ error: typeError("must be a whole number of days") })
  .check(
    z.int("must be a whole number of days"),
    z.nonnegative("must not be negative"),
    z.lte(MAX_DAYS, `must be at most ${MAX_DAYS} days`),
  );
const text = (max: number) =>
  z
    .string({ error: typeError("must be a string") })
    .check(
      z.trim(),
      z.minLength(1, "must not be empty"),
      z.maxLength(max, `must be at most ${max} characters`),
    );
const flag = z.boolean({ error: typeError("must be true or false") });

/** A calendar date (YYYY-MM-DD) that exists. */
const isoDate = z.string({ error: typeError('must be a date such as "2026-11-30"') }).check(
  z.regex(DATE, 'must be a date such as "2026-11-30"'),
  z.refine((s) => {
    if (!DATE.test(s)) return true; // the pattern has named the problem
    const [y, m, d] = s.split("-").map(Number) as [number, number, number];
    const date = new Date(Date.UTC(y, m - 1, d));
    return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  }, "is not a calendar date"),
);

export const snapshotSchema = z.object({
  snapshotId: text(128),
  asOf: isoDate,
  borrower: z.object({
    /**
     * The borrower's id in the sending system, as given (not checked as a credit code: the runtime
     * links a snapshot to its credit by the credit's id, and takes the party from the credit).
     */
    partyId: z.optional(text(128)),
    name: text(300),
    sector: z.enum(SECTORS, { error: typeError(`must be one of ${SECTORS.join(", ")}`) }),
    industryCode: z
      .string({ error: typeError('must be a GB/T 4754 code such as "C3973"') })
      .check(
        z.regex(
          /^[A-T](\d{2,6})?$/,
          'must be a GB/T 4754 code: a section letter A-T and 2 to 6 digits, e.g. "C3973"',
        ),
      ),
  }),
  approvedLimit: positiveMoney,
  daysPastDue: days,
  current: z.object({
    revenue: money,
    grossProfit: signedMoney,
    currentAssets: money,
    inventory: money,
    currentLiabilities: money,
    receivableDays: days,
    /** Unknown (null): the concentration test does not fire. */
    largestCustomerShare: z.nullable(share),
    /** Unknown (null): the inventory-turnover test does not fire. */
    finishedGoodsTurnover: z.nullable(turnover),
  }),
  /** Null: no trend tests. */
  previousYear: z.nullable(z.object({ revenue: money, grossProfit: signedMoney })),
  /** Null: no settlement account at the bank, which fires the receipts covenant. */
  settlementReceipts12m: z.nullable(money),
  lawsuits: z
    .array(
      z.object({
        amount: money,
        description: z.optional(z.string().check(z.trim(), z.maxLength(500))),
      }),
    )
    .check(z.maxLength(100, "must hold at most 100 lawsuits")),
  mainAccountFrozen: flag,
  circleMemberInDefault: flag,
});

export type Snapshot = z.infer<typeof snapshotSchema>;
