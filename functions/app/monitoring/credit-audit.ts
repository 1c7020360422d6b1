import { type TrailVerdict, verifyTrail } from "../../../domain/audit/verify";
import { type CreditViolation, checkCreditTrail } from "../../../domain/monitoring";
import type { PolicyRegistry } from "../../../domain/policy/registry";
import type { CreditReader } from "../ports";
import { asCreditEvents } from "./credit";

export interface CreditAudit {
  creditId: string;
  items: number;
  verdict: TrailVerdict;
  /** The monitoring rules the trail breaks (none when the chain does not verify: it is not trusted). */
  violations: CreditViolation[];
}

/**
 * A monitored credit's trail checked as a case's is: the hash chain from genesis, then every event
 * against the rules of its time (`checkCreditTrail`, with what is owed by `now`). Undefined for a case
 * that has no credit trail (never approved, or no snapshot yet).
 */
export async function auditCredit(
  deps: { credits: CreditReader; policies: PolicyRegistry },
  creditId: string,
  now: string,
): Promise<CreditAudit | undefined> {
  const trail = await deps.credits.trail(creditId);
  if (trail.items.length === 0) return undefined;
  const verdict = verifyTrail(creditId, trail.items);
  const events = trail.items.flatMap((i) => (i.event ? [i.event] : []));
  return {
    creditId,
    items: trail.items.length,
    verdict,
    violations: verdict.ok ? checkCreditTrail(creditId, asCreditEvents(events), deps.policies, now) : [],
  };
}
