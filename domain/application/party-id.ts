import * as z from "../zod";

/**
 * A party's stable id, so the same firm or person is recognised across cases (the loan book, guarantee
 * circles). Either a unified social credit code (統(tǒng)一社會信用代碼, GB 32100: 18 characters of digits and
 * upper-case letters other than I, O, S, V, Z, the last a check character), or an opaque id of the bank's
 * own as `scheme:value` (a lower-case scheme of 2-16 letters and digits, a colon, 1-64 characters of
 * letters, digits, `.`, `_`, `-`), e.g. `cif:00012345` for a customer number or an individual's id.
 */
const USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC = /^[0-9A-HJ-NP-RTUW-Y]{18}$/;
const OPAQUE = /^[a-z][a-z0-9]{1,15}:[A-Za-z0-9._-]{1,64}$/;
export const PARTY_ID_MAX_LENGTH = 81;

/** The check character of a unified social credit code's first 17 characters (weights 3^i mod 31). */
export function usccCheckCharacter(first17: string): string {
  let sum = 0;
  let weight = 1;
  for (const c of first17) {
    sum += USCC_CHARS.indexOf(c) * weight;
    weight = (weight * 3) % 31;
  }
  return USCC_CHARS[(31 - (sum % 31)) % 31] ?? "";
}

function partyIdProblem(value: string): string | null {
  if (value.length > PARTY_ID_MAX_LENGTH) return `must be at most ${PARTY_ID_MAX_LENGTH} characters`;
  if (OPAQUE.test(value)) return null;
  if (!USCC.test(value)) {
    return 'must be a unified social credit code (18 digits and capital letters other than I, O, S, V, Z) or an id "scheme:value" such as "cif:00012345"';
  }
  const expected = usccCheckCharacter(value.slice(0, 17));
  return value[17] === expected
    ? null
    : `is not a valid unified social credit code: the check character should be ${expected}`;
}

export const partyIdSchema = z.string({ error: "must be a party id string" }).check(
  z.superRefine((value, ctx) => {
    const problem = partyIdProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }),
);
