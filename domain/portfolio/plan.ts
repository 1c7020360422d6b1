import { type InputProblem, toProblems } from "../application/parse";
import { Dec } from "../decimal";
import { DomainError } from "../errors";
import { err, ok, type Result } from "../result";
import { contentHash } from "../versioned-data";
import { type PortfolioPlanData, portfolioPlanSchema } from "./schema";

/** A validated portfolio plan version with its content hash. */
export interface PortfolioPlan {
  readonly id: string;
  readonly hash: string;
  readonly data: PortfolioPlanData;
  /** The program limit every share is taken of. */
  readonly programAmount: Dec;
}

/** Validates a plan file: the plan, or every problem by JSON path (`$.industryCaps[0].share`). */
export function parsePortfolioPlan(raw: unknown): Result<PortfolioPlan, InputProblem[]> {
  const parsed = portfolioPlanSchema.safeParse(raw);
  if (!parsed.success) return err(toProblems(parsed.error.issues));
  const data = parsed.data;
  return ok({
    id: data.planId,
    hash: contentHash(raw),
    data,
    programAmount: new Dec(data.programLimit.amount),
  });
}

/** As `parsePortfolioPlan`, for built-in files: a broken one is a bug, thrown with every field named. */
export function buildPortfolioPlan(raw: unknown): PortfolioPlan {
  const parsed = parsePortfolioPlan(raw);
  if (parsed.ok) return parsed.value;
  const problems = parsed.error.map((p) => `${p.path}: ${p.message}`);
  throw new DomainError("PORTFOLIO_INVALID", `portfolio plan is invalid: ${problems.join("; ")}`);
}
