import type { Policy } from "../policy/policy";
import { after, afterDays, reached, reminderPoints } from "./clock";
import type { CreditEvent } from "./credit-events";
import type { CreditState } from "./credit-state";
import { monitoringOf } from "./policy";
import type { EvaluationContext } from "./signals";
import type { Snapshot } from "./snapshot-schema";
import { type Tier, tierRank, type Warning } from "./types";

/** What the runtime must tell the evaluation beyond the snapshot: a circle default flagged on the credit. */
export function evaluationContext(state: CreditState): EvaluationContext {
  return { circleDefault: state.circleDefault !== null };
}

/**
 * What recording a snapshot's warning means for the credit: the snapshot itself, and a raise when its
 * tier is above the credit's (opening the warning, or raising it, with the response due from now). A
 * lower or equal tier changes nothing: a tier never goes down by itself.
 */
export function snapshotEvents(
  state: CreditState,
  snapshot: Snapshot,
  warning: Warning,
  at: string,
  policy: Policy,
): CreditEvent[] {
  const events: CreditEvent[] = [{ type: "SNAPSHOT_RECORDED", payload: { snapshot, warning } }];
  const to = warning.tier;
  if (to !== null && tierRank(to) > tierRank(state.tier)) {
    const days = monitoringOf(policy).tiers[to].responseDays;
    events.push({
      type: "WARNING_RAISED",
      payload: {
        from: state.tier,
        to,
        snapshotId: snapshot.snapshotId,
        responseDays: days,
        dueAt: afterDays(at, days, state.secondsPerDay),
      },
    });
  }
  return events;
}

/** Why a person may not lower or clear the tier to `to`, or null when they may. */
export function clearingProblem(state: CreditState, to: Tier | null, reason: string): string | null {
  if (state.tier === null) return "the credit has no warning to lower or clear";
  if (tierRank(to) >= tierRank(state.tier))
    return `a warning is lowered or cleared only: ${to ?? "none"} is not below ${state.tier}`;
  if (reason.trim() === "") return "lowering or clearing a warning needs a reason";
  return null;
}

/** The response the tier asks for: its days, its actions, and who takes it in turn. */
export function responsePlan(tier: Tier, policy: Policy) {
  const rule = monitoringOf(policy).tiers[tier];
  return { responseDays: rule.responseDays, actions: rule.actions, stages: rule.stages };
}

/** Why this response may not be recorded, or null: it must answer the current tier with its actions. */
export function responseProblem(state: CreditState, tier: Tier, actions: readonly string[], policy: Policy) {
  if (state.tier === null || state.warning === null) return "the credit has no open warning";
  if (tier !== state.tier) return `the warning is ${state.tier}: a response to ${tier} is not the one owed`;
  const allowed = responsePlan(tier, policy).actions.map((a) => a.code);
  const unknown = actions.filter((a) => !allowed.includes(a));
  if (unknown.length > 0) return `${unknown.join(", ")} is not a ${tier} response (${allowed.join(", ")})`;
  if (actions.length === 0) return `a ${tier} response takes at least one of ${allowed.join(", ")}`;
  return null;
}

export type ResponseStatus = "none" | "responded" | "settled" | "pending" | "overdue";

/** Where the response owed on the warning stands at `now`. */
export function responseStatus(state: CreditState, now: string): ResponseStatus {
  const w = state.warning;
  if (w === null) return "none";
  if (w.respondedAt !== null) return "responded";
  if (w.responseDueAt === null) return "settled";
  return after(now, w.responseDueAt) ? "overdue" : "pending";
}

/**
 * What the workflow owes the warning's response clock by `now` and has not recorded: the reminders
 * whose time has come, and the escalation once the deadline has passed with no response.
 */
export function dueWarningEvents(state: CreditState, now: string, policy: Policy): CreditEvent[] {
  const w = state.warning;
  if (w === null || state.tier === null || w.respondedAt !== null || w.responseDueAt === null) return [];
  const tier = state.tier;
  const days = monitoringOf(policy).tiers[tier].responseDays;
  const dueAt = w.responseDueAt;
  const events: CreditEvent[] = reminderPoints(
    w.tierSince,
    days,
    monitoringOf(policy).reminders.shares,
    state.secondsPerDay,
  )
    .filter((r) => reached(now, r.at) && !after(now, dueAt) && !w.remindedShares.includes(r.share))
    .map((r) => ({ type: "WARNING_REMINDED", payload: { tier, share: r.share, dueAt } }));
  if (after(now, dueAt) && w.escalatedAt === null)
    events.push({ type: "WARNING_ESCALATED", payload: { tier, dueAt } });
  return events;
}
