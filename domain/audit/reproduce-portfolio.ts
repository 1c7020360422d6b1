import type { RecordedEvent } from "../case/types";
import { reproducePortfolioCheck } from "../portfolio/record";
import type { PortfolioRegistry } from "../portfolio/registry";

/** One recorded check against the book, re-run under the plan version it recorded. */
export interface PortfolioReproductionLine {
  seq: number;
  caseVersion: number;
  planId: string;
  ok: boolean;
  message: string;
}

/**
 * Every book check recorded with an assessment, re-run from the record alone under its own plan
 * version (never the default): a later plan, or a later state of the book, cannot change the result.
 */
export function reproducePortfolioChecks(
  events: readonly RecordedEvent[],
  plans: PortfolioRegistry,
): PortfolioReproductionLine[] {
  return events.flatMap((e) => {
    if (e.type !== "CASE_ASSESSED" || !e.payload.portfolio) return [];
    const record = e.payload.portfolio;
    const r = reproducePortfolioCheck(plans, record);
    return [
      {
        seq: e.seq,
        caseVersion: e.payload.caseVersion,
        planId: record.planId,
        ok: r.ok,
        message: r.ok ? `book check identical under ${record.planId}` : r.reason,
      },
    ];
  });
}
