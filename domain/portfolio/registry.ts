import type { InputProblem } from "../application/parse";
import { err, ok, type Result } from "../result";
import { createVersionRegistry, idKind, type VersionRegistry } from "../versioned-data";
import { buildPortfolioPlan, type PortfolioPlan, parsePortfolioPlan } from "./plan";
import sme2026v1 from "./plans/sme-portfolio-2026.1.json";

export type PortfolioRegistry = VersionRegistry<PortfolioPlan>;

const PLAN = idKind("portfolio plan", "PORTFOLIO", buildPortfolioPlan);

/**
 * Every plan version a check may have been recorded under. A version is immutable once used: a new
 * plan is a new file and id here, and the default moves; plans/released.json pins each content hash.
 */
export const BUILT_IN_PORTFOLIO_PLANS: Readonly<Record<string, unknown>> = {
  "sme-portfolio-2026.1": sme2026v1,
};

export const DEFAULT_PORTFOLIO_PLAN_ID = "sme-portfolio-2026.1";

export function createPortfolioRegistry(
  versions: Readonly<Record<string, unknown>>,
  defaultId: string,
): PortfolioRegistry {
  return createVersionRegistry(PLAN, versions, defaultId);
}

export const PORTFOLIO_PLANS: PortfolioRegistry = createPortfolioRegistry(
  BUILT_IN_PORTFOLIO_PLANS,
  DEFAULT_PORTFOLIO_PLAN_ID,
);

/**
 * The registry with a plan read from a file (the runtime's PORTFOLIO_FILE) as its default, beside the
 * built-in versions. A file may not reuse a built-in id with other content: records made under that id
 * would then reproduce against a plan they were not checked under.
 */
export function registryWithPlanFile(
  raw: unknown,
  builtIn: Readonly<Record<string, unknown>> = BUILT_IN_PORTFOLIO_PLANS,
): Result<PortfolioRegistry, InputProblem[]> {
  const parsed = parsePortfolioPlan(raw);
  if (!parsed.ok) return parsed;
  const plan = parsed.value;
  if (Object.hasOwn(builtIn, plan.id)) {
    const known = buildPortfolioPlan(builtIn[plan.id]);
    if (known.hash !== plan.hash) {
      const message = `"${plan.id}" is a built-in plan (${known.hash}) and this file differs (${plan.hash}): give a changed plan a new planId`;
      return err([{ path: "$.planId", message }]);
    }
  }
  return ok(createPortfolioRegistry({ ...builtIn, [plan.id]: raw }, plan.id));
}
