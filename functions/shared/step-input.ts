import { CodedError } from "../../domain/errors";
import { STAGES } from "../../domain/policy/stages";
import * as z from "../../domain/zod";

/** Step inputs come from our own state machine, so a mismatch is a bug: thrown, caught, recorded. */
export function stepInput<T>(schema: z.ZodMiniType<T>, event: unknown): T {
  const parsed = schema.safeParse(event);
  if (!parsed.success) {
    throw new CodedError(
      "BAD_STEP_INPUT",
      `step input invalid: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  }
  return parsed.data;
}

export const caseId = z.string().check(z.minLength(1));
export const stageEnum = z.enum(STAGES);
export const positiveInt = z.number().check(z.int(), z.positive());
export const caseIdInput = z.object({ caseId });
