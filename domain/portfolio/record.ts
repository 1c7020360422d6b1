import { canonicalJson } from "../canonical-json";
import { breachesOf, type PortfolioBreach, portfolioImpact } from "./check";
import type { Counters } from "./counters";
import type { Exposure } from "./exposure";
import type { PortfolioPlan } from "./plan";
import type { PortfolioRegistry } from "./registry";

/**
 * What a portfolio check records in the case's trail: the plan version and hash it ran under, the
 * exposure, the counters it touched as it saw them, and its breaches. Everything the check read is in
 * the record, so it reproduces from the record alone under its own plan version, whatever the default
 * plan or the book have become since.
 */
export interface PortfolioCheckRecord {
  planId: string;
  planHash: string;
  exposure: Exposure;
  counters: Record<string, { used: string; reserved: string }>;
  breaches: PortfolioBreach[];
}

export function recordPortfolioCheck(
  plan: PortfolioPlan,
  book: Counters,
  reservations: Counters,
  exposure: Exposure,
): PortfolioCheckRecord {
  const impact = portfolioImpact(plan, book, reservations, exposure);
  return {
    planId: plan.id,
    planHash: plan.hash,
    exposure,
    counters: Object.fromEntries(impact.map((i) => [i.counter, { used: i.used, reserved: i.reserved }])),
    breaches: breachesOf(impact),
  };
}

export type PortfolioReproduction = { ok: true } | { ok: false; reason: string };

/** Re-runs a recorded check under the plan version it names and compares the breaches, byte for byte. */
export function reproducePortfolioCheck(
  registry: PortfolioRegistry,
  record: PortfolioCheckRecord,
): PortfolioReproduction {
  if (!registry.has(record.planId)) return { ok: false, reason: `plan ${record.planId} is not registered` };
  const plan = registry.get(record.planId);
  if (plan.hash !== record.planHash) {
    return {
      ok: false,
      reason: `plan ${record.planId} now hashes to ${plan.hash}, the check ran under ${record.planHash}`,
    };
  }
  const entries = Object.entries(record.counters);
  const used = Object.fromEntries(entries.map(([k, v]) => [k, v.used]));
  const reserved = Object.fromEntries(entries.map(([k, v]) => [k, v.reserved]));
  const again = recordPortfolioCheck(plan, used, reserved, record.exposure);
  if (canonicalJson(again) === canonicalJson(record)) return { ok: true };
  return { ok: false, reason: "the check gives other breaches under its recorded plan" };
}
