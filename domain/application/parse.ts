import type { z } from "zod";
import { err, ok, type Result } from "../result";
import { type Application, applicationSchema } from "./schema";

export interface InputProblem {
  /** JSON path of the offending value, e.g. `$.financials[1].revenue`. */
  path: string;
  message: string;
}

/** Validates a whole application: every problem is reported at once, or the typed application. */
export function parseApplication(input: unknown): Result<Application, InputProblem[]> {
  const parsed = applicationSchema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  return err(toProblems(parsed.error.issues));
}

export function toProblems(issues: readonly z.core.$ZodIssue[]): InputProblem[] {
  return issues.map((issue) => ({ path: jsonPath(issue.path), message: describe(issue) }));
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_type" && /received undefined/.test(issue.message)) return "is required";
  return issue.message;
}

export function jsonPath(path: readonly PropertyKey[]): string {
  let text = "$";
  for (const key of path) {
    if (typeof key === "number") text += `[${key}]`;
    else if (typeof key === "string" && /^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) text += `.${key}`;
    else text += `[${JSON.stringify(String(key))}]`;
  }
  return text;
}
