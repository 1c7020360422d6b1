import type { Finding } from "../assessment/types";
import type { PortfolioBreach } from "./check";

export type PortfolioLimitFinding = Finding<"PORTFOLIO_LIMIT">;

/**
 * The exception a breached cap raises, in the shape of the assessment's exceptions: it names the cap,
 * the headroom left and the amount of the case, and routes the case to head office. Past a hard cap
 * the case cannot end approved; past a soft one head office may approve it knowingly.
 */
export function portfolioLimitFinding(planId: string, breach: PortfolioBreach): PortfolioLimitFinding {
  const kind = breach.hard ? "hard" : "soft";
  return {
    code: "PORTFOLIO_LIMIT",
    message: `${breach.amount} would take ${breach.cap} past its ${kind} limit of ${breach.limit}: headroom ${breach.headroom} (used ${breach.used}, reserved ${breach.reserved})`,
    details: { planId, ...breach },
  };
}
