import type { Policy } from "../policy/policy";
import type { CreditEvent } from "./credit-events";
import type { CreditState } from "./credit-state";
import { monitoringOf } from "./policy";

/** Whether a credit's borrower counts as in default for its guarantee circles: 90+ days past due, or red. */
export function inCircleDefault(state: CreditState, policy: Policy): boolean {
  const rule = monitoringOf(policy).circleContagion;
  const days = state.lastSnapshot?.daysPastDue ?? 0;
  return days >= rule.daysPastDueAtLeast || (state.tier !== null && rule.tiers.includes(state.tier));
}

/**
 * The other members of every guarantee circle the defaulted party belongs to, each with the flag to
 * record on its credit (CIRCLE_DEFAULT on its next evaluation; the runtime tells its RM at once).
 * Sorted by party, each once, the defaulted party never flagged by itself.
 */
export function circleContagion(
  circles: readonly { members: readonly string[] }[],
  defaultedPartyId: string,
): { partyId: string; event: CreditEvent }[] {
  const flagged = new Map<string, Set<string>>();
  for (const c of circles) {
    if (!c.members.includes(defaultedPartyId)) continue;
    for (const m of c.members) {
      if (m === defaultedPartyId) continue;
      const circle = flagged.get(m) ?? new Set<string>();
      for (const x of c.members) circle.add(x);
      flagged.set(m, circle);
    }
  }
  return [...flagged.keys()].sort().map((partyId) => ({
    partyId,
    event: {
      type: "CIRCLE_DEFAULT_FLAGGED",
      payload: { defaultedPartyId, circle: [...(flagged.get(partyId) ?? [])].sort() },
    },
  }));
}

/** The flags a credit's state spreads round its circles: none unless its borrower is in default. */
export function contagionFrom(
  state: CreditState,
  circles: readonly { members: readonly string[] }[],
  policy: Policy,
): { partyId: string; event: CreditEvent }[] {
  if (state.partyId === null || !inCircleDefault(state, policy)) return [];
  return circleContagion(circles, state.partyId);
}
