import { Dec, moneyUp } from "../decimal";
import type { Policy } from "../policy/policy";
import { monitoringOf } from "./policy";

/** A term of an approved credit tested after approval (e.g. receipts through the bank ≥ 3 × the limit). */
export interface Covenant {
  code: string;
  /** The assessment condition it comes from. */
  fromCondition: string;
  /** The signal that tests it on every snapshot. */
  testedBy: string;
  message: string;
  /** For a receipts covenant: the multiple and the 12-month receipts it asks for on the approved limit. */
  receipts: { multiple: string; minAmount: string } | null;
}

/**
 * The covenants an approved credit carries: one per condition of its approval that the policy's
 * monitoring turns into a covenant, in the policy's order. An approval without conditions (a version
 * without them, or a credit the conditions do not reach) carries none.
 */
export function covenantsFor(
  conditionCodes: readonly string[],
  approvedLimit: string,
  policy: Policy,
): Covenant[] {
  return monitoringOf(policy)
    .covenants.filter((c) => conditionCodes.includes(c.fromCondition))
    .map((c) => {
      const receipts =
        c.receiptsMultipleOfLimit === undefined
          ? null
          : {
              multiple: c.receiptsMultipleOfLimit,
              minAmount: moneyUp(new Dec(approvedLimit).times(c.receiptsMultipleOfLimit)),
            };
      return {
        code: c.code,
        fromCondition: c.fromCondition,
        testedBy: c.testedBy,
        message: receipts ? `${c.message} (${receipts.minAmount})` : c.message,
        receipts,
      };
    });
}
