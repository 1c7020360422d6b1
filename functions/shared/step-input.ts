import { z } from "zod";
import { STAGES } from "../../domain/policy/schema";
import { WorkflowError } from "./workflow/errors";

/** Step inputs come from our own state machine, so a mismatch is a bug: thrown, caught, recorded. */
export function stepInput<T extends z.ZodType>(schema: T, event: unknown): z.infer<T> {
  const parsed = schema.safeParse(event);
  if (!parsed.success) {
    throw new WorkflowError(
      "BAD_STEP_INPUT",
      `step input invalid: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  }
  return parsed.data;
}

export const caseIdInput = z.object({ caseId: z.string().min(1) });
export const stageEnum = z.enum(STAGES);
