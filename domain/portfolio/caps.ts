import { Dec, moneyDown } from "../decimal";
import type { Exposure } from "./exposure";
import type { PortfolioPlan } from "./plan";
import { UPGRADE_KINDS } from "./schema";

/**
 * The caps of a plan and the counters an exposure adds to. A counter sums the exposures of one
 * dimension of the book (the program, an industry prefix, a facility type, a cluster, a cluster's
 * client…); a cap is the limit on a counter. Counter values do not depend on the plan's limits, so a
 * new plan version changes limits, never what a counter means.
 */
export interface Cap {
  /** Stable id: PROGRAM, INDUSTRY:C30, EXCEPTIONS, FACILITY:equipment, FACILITY_TYPES_TOGETHER,
   *  UPGRADE:DtoC, CLUSTER:SHIYAN-AUTO, CLUSTER_CLIENT:SHIYAN-AUTO (one counter per client). */
  readonly id: string;
  readonly limit: Dec;
  readonly hard: boolean;
}

/** One counter an exposure adds to, the cap over it, and how much it adds. */
export interface Contribution {
  readonly counter: string;
  readonly cap: Cap;
  readonly amount: Dec;
}

/** A share of the program limit, as money rounded down: amounts are whole fen, so the cap is the same. */
function shareOfProgram(plan: PortfolioPlan, share: string): Dec {
  return new Dec(moneyDown(plan.programAmount.times(share)));
}

const capsByPlan = new WeakMap<PortfolioPlan, Map<string, Cap>>();

/** Every cap of a plan by id, in the order checks and reports list them. */
export function capsOf(plan: PortfolioPlan): Map<string, Cap> {
  const cached = capsByPlan.get(plan);
  if (cached) return cached;
  const d = plan.data;
  const caps = new Map<string, Cap>();
  const add = (id: string, limit: Dec, hard: boolean) => caps.set(id, { id, limit, hard });
  add("PROGRAM", plan.programAmount, d.programLimit.hard);
  for (const c of d.industryCaps) add(`INDUSTRY:${c.prefix}`, shareOfProgram(plan, c.share), c.hard);
  add("EXCEPTIONS", shareOfProgram(plan, d.exceptionCap.share), d.exceptionCap.hard);
  const types = d.facilityTypeCaps;
  for (const t of types.types) add(`FACILITY:${t}`, shareOfProgram(plan, types.each), types.hard);
  add("FACILITY_TYPES_TOGETHER", shareOfProgram(plan, types.together), types.hard);
  const quotas = d.gradeUpgradeQuotas;
  for (const k of UPGRADE_KINDS) add(`UPGRADE:${k}`, shareOfProgram(plan, quotas[k]), quotas.hard);
  for (const c of d.clusters) add(`CLUSTER:${c.clusterId}`, new Dec(c.limit), c.hard);
  for (const c of d.clusters) add(`CLUSTER_CLIENT:${c.clusterId}`, new Dec(c.perClientMax), c.hard);
  capsByPlan.set(plan, caps);
  return caps;
}

/** The client a cluster's per-client cap counts by: the party, or the case alone for old data. */
export function clusterClientCounter(
  clusterId: string,
  exposure: Pick<Exposure, "partyId" | "caseId">,
): string {
  return `CLUSTER_CLIENT:${clusterId}:${exposure.partyId ?? `case:${exposure.caseId}`}`;
}

/** The cap a counter is limited by (a cluster client's counter → its cluster's per-client cap). */
export function capOfCounter(plan: PortfolioPlan, counter: string): Cap | undefined {
  const caps = capsOf(plan);
  if (!counter.startsWith("CLUSTER_CLIENT:")) return caps.get(counter);
  const clusterId = counter.slice("CLUSTER_CLIENT:".length).split(":", 1)[0];
  return caps.get(`CLUSTER_CLIENT:${clusterId}`);
}

/** Whether an exposure counts as approved with an exception under this plan. */
export function carriesException(plan: PortfolioPlan, exposure: Pick<Exposure, "exceptionCodes">): boolean {
  const excluded = plan.data.exceptionCap.excludedCodes;
  return exposure.exceptionCodes.some((code) => !excluded.includes(code));
}

/** The counters an exposure adds to under a plan, in cap order; only positive amounts. */
export function contributionsOf(plan: PortfolioPlan, exposure: Exposure): Contribution[] {
  const d = plan.data;
  const caps = capsOf(plan);
  const total = new Dec(exposure.total);
  const out: Contribution[] = [];
  const push = (counter: string, capId: string, amount: Dec) => {
    const cap = caps.get(capId);
    if (cap && amount.gt(0)) out.push({ counter, cap, amount });
  };
  push("PROGRAM", "PROGRAM", total);
  for (const c of d.industryCaps) {
    if (exposure.industryCode.startsWith(c.prefix))
      push(`INDUSTRY:${c.prefix}`, `INDUSTRY:${c.prefix}`, total);
  }
  if (carriesException(plan, exposure)) push("EXCEPTIONS", "EXCEPTIONS", total);
  let together = new Dec(0);
  for (const t of d.facilityTypeCaps.types) {
    const amount = new Dec(exposure.facilities[t] ?? 0);
    together = together.plus(amount);
    push(`FACILITY:${t}`, `FACILITY:${t}`, amount);
  }
  push("FACILITY_TYPES_TOGETHER", "FACILITY_TYPES_TOGETHER", together);
  for (const k of UPGRADE_KINDS) {
    if (exposure.upgrades.includes(k)) push(`UPGRADE:${k}`, `UPGRADE:${k}`, total);
  }
  const cluster = d.clusters.find((c) => c.clusterId === exposure.clusterId);
  if (cluster) {
    push(`CLUSTER:${cluster.clusterId}`, `CLUSTER:${cluster.clusterId}`, total);
    push(clusterClientCounter(cluster.clusterId, exposure), `CLUSTER_CLIENT:${cluster.clusterId}`, total);
  }
  return out;
}
