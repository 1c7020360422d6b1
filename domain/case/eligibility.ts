import type { Stage } from "../assessment/types";
import type { CaseState } from "./types";

/**
 * Who has done what on one version of a case, as far as choosing people goes: four eyes (docs/policy.md
 * §6) keeps the submitter and anyone who acted at another stage out; a recusal keeps a member off the
 * whole case (a conflict of interest is not limited to one stage); nobody is asked twice at one stage.
 */
export interface CaseActs {
  submitter: string;
  /** Per stage, who acted there: decided, abstained, or had a delegate decide for them. */
  acted: ReadonlyMap<Stage, ReadonlySet<string>>;
  /** Who recused themself, at which stage. */
  recused: ReadonlyMap<string, Stage>;
  /** Who holds an approval of the stage being filled (or just acted on it). */
  askedHere: ReadonlySet<string>;
}

/** Why `userId` may not be asked at `stage`, or null when they may. */
export function whyExcluded(userId: string, stage: Stage, acts: CaseActs): string | null {
  if (userId === acts.submitter) return `${userId} submitted this case`;
  const recusedAt = acts.recused.get(userId);
  if (recusedAt !== undefined) return `${userId} recused themself from this case at ${recusedAt}`;
  for (const [other, who] of acts.acted) {
    if (other !== stage && who.has(userId)) return `${userId} already acted at ${other} on this case`;
  }
  if (acts.acted.get(stage)?.has(userId)) return `${userId} already acted at ${stage}`;
  if (acts.askedHere.has(userId)) return `${userId} is already asked at ${stage}`;
  return null;
}

/**
 * The acts of the case's current version from its projection. `askedHere` lists the pending
 * approvals' holders (and their principals), except the approval `except` (the one being replaced).
 */
export function actsOf(state: CaseState, options: { except?: string } = {}): CaseActs {
  const acted = new Map<Stage, ReadonlySet<string>>();
  const recused = new Map<string, Stage>();
  for (const s of state.stages) {
    acted.set(s.stage, new Set([...s.decidedBy, ...(s.onBehalfOf ?? []), ...(s.abstained ?? [])]));
    for (const who of s.recused ?? []) recused.set(who, s.stage);
  }
  const askedHere = new Set<string>();
  for (const p of state.pendingApprovals) {
    if (p.approvalId === options.except) continue;
    askedHere.add(p.approverId);
    if (p.onBehalfOf !== undefined) askedHere.add(p.onBehalfOf);
  }
  return { submitter: state.submittedBy, acted, recused, askedHere };
}

/**
 * Everyone who may not be asked when `stage` opens, with the reason: what the runtime passes the
 * directory (as the set of keys) and the delegation resolver (with the reasons, for its notes).
 */
export function exclusionsFor(state: CaseState, stage: Stage): Map<string, string> {
  const acts = actsOf(state);
  const people = new Set<string>([acts.submitter, ...acts.recused.keys(), ...acts.askedHere]);
  for (const who of acts.acted.values()) for (const id of who) people.add(id);
  const excluded = new Map<string, string>();
  for (const id of people) {
    const why = whyExcluded(id, stage, acts);
    if (why !== null) excluded.set(id, why);
  }
  return excluded;
}
