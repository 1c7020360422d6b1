import { partyIdSchema } from "../application/party-id";
import { Dec, sumDec } from "../decimal";
import { FACILITY_TYPES } from "../policy/schema";
import * as z from "../zod";
import { isMoneyText, moneyText, positiveMoneyText } from "./money";
import { UPGRADE_KINDS } from "./schema";

/** One guarantee an exposure carries: the guarantor's party backs the exposure's borrower for `amount`. */
export const guaranteeLinkSchema = z.object({
  guarantorPartyId: partyIdSchema,
  amount: moneyText,
});

/**
 * One case's claim on the loan book: what the caps count. Plain JSON (decimal strings) so the runtime
 * can keep it in the table and a book can be read from a file. `facilities` holds the amount per
 * facility type; `total` is their sum.
 */
export const exposureSchema = z
  .object({
    caseId: z.string().check(z.trim(), z.minLength(1), z.maxLength(128)),
    /** The borrower's party id; null for old applications (then no circle and no per-client sum). */
    partyId: z.nullable(partyIdSchema),
    industryCode: z.string().check(z.regex(/^[A-T](\d{2,4})?$/, "must be a GB/T 4754 code such as C3011")),
    clusterId: z.nullable(z.string().check(z.trim(), z.minLength(1), z.maxLength(128))),
    facilities: z.partialRecord(z.enum(FACILITY_TYPES), positiveMoneyText),
    total: positiveMoneyText,
    clientGrade: z.enum(["A", "B", "C", "D"]),
    /** The grade-upgrade steps this credit was granted across (upgrade.ts); empty: none. */
    upgrades: z.array(z.enum(UPGRADE_KINDS)).check(z.maxLength(UPGRADE_KINDS.length)),
    /** The assessment's exception codes, sorted and distinct. */
    exceptionCodes: z.array(z.string().check(z.regex(/^[A-Z][A-Z0-9_]{0,63}$/))).check(z.maxLength(50)),
    guarantees: z.array(guaranteeLinkSchema).check(z.maxLength(50)),
    /** ISO 8601 instant of final approval; null while the exposure is only reserved. */
    approvedAt: z.nullable(z.iso.datetime({ offset: true })),
  })
  .check(
    z.superRefine((e, ctx) => {
      const amounts = Object.values(e.facilities);
      if (!isMoneyText(e.total) || !amounts.every(isMoneyText)) return;
      const sum = sumDec(amounts.map((a) => new Dec(a)));
      if (!sum.eq(new Dec(e.total)))
        ctx.addIssue({
          code: "custom",
          path: ["total"],
          message: `must be the facilities' sum ${sum.toFixed(2)}`,
        });
    }),
  );

export type Exposure = z.infer<typeof exposureSchema>;
export type GuaranteeLink = z.infer<typeof guaranteeLinkSchema>;
