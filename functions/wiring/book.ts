import { readFileSync } from "node:fs";
import { CodedError, PORTFOLIO_PLANS, type PortfolioRegistry, registryWithPlanFile } from "../../domain";
import { createBook } from "../adapters/aws/book";
import type { BookPort } from "../app/ports";
import { ENV } from "./config";
import { caseTable } from "./table";

/**
 * The portfolio plans of this process: the built-in versions, with PORTFOLIO_FILE's plan as the
 * default when the variable is set. A file with problems stops the cold start, naming each by path.
 */
export function portfolioPlans(env: NodeJS.ProcessEnv = process.env): PortfolioRegistry {
  const file = env[ENV.portfolioFile];
  if (!file) return PORTFOLIO_PLANS;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new CodedError(
      "CONFIG_INVALID",
      `${ENV.portfolioFile} ${file} could not be read as JSON: ${(error as Error).message}`,
    );
  }
  const loaded = registryWithPlanFile(raw);
  if (!loaded.ok) {
    const problems = loaded.error.map((p) => `${p.path}: ${p.message}`).join("; ");
    throw new CodedError(
      "CONFIG_INVALID",
      `${ENV.portfolioFile} ${file} is not a portfolio plan: ${problems}`,
    );
  }
  return loaded.value;
}

let plans: PortfolioRegistry | undefined;

/** Port `book`. */
export function book(): BookPort {
  plans ??= portfolioPlans();
  const { client, tableName } = caseTable();
  return createBook({ client, tableName, plans });
}
