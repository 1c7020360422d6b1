import type { InputProblem } from "../application/parse";
import { parseApplication } from "../application/parse";
import type { Policy } from "../policy/policy";
import { assess } from "./assess";
import type { Assessment } from "./types";

export type AssessOutcome =
  | { ok: true; assessment: Assessment }
  | { ok: false; applicationId: string | null; errors: InputProblem[] };

/** Raw JSON in, assessment or the full list of input problems out: the edge every caller shares. */
export function assessApplication(input: unknown, policy: Policy): AssessOutcome {
  const parsed = parseApplication(input);
  if (!parsed.ok) {
    const id = (input as { applicationId?: unknown } | null)?.applicationId;
    return { ok: false, applicationId: typeof id === "string" ? id : null, errors: parsed.error };
  }
  return { ok: true, assessment: assess(parsed.value, policy) };
}

/** The assessment's bytes: keys in the fixed order the object was built in, no whitespace. */
export function serializeAssessment(assessment: Assessment): string {
  return JSON.stringify(assessment);
}
