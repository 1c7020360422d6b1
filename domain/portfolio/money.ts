import * as z from "../zod";

/** Yuan as decimal strings with at most 2 decimals, as everywhere in the contract; never JS numbers. */
const MONEY = /^\d{1,15}(\.\d{1,2})?$/;

/** Refinements over several amounts run even when one failed its own check: they test first. */
export const isMoneyText = (value: unknown): value is string =>
  typeof value === "string" && MONEY.test(value);

// zod/mini (domain/zod.ts): plans and exposures are parsed inside Lambda bundles.
export const moneyText = z
  .string({ error: 'must be a decimal string of yuan such as "1500000.00"' })
  .check(z.regex(MONEY, 'must be a non-negative amount with at most 2 decimals, such as "1500000.00"'));

export const positiveMoneyText = moneyText.check(
  z.refine((s) => /[1-9]/.test(s), "must be greater than zero"),
);
