import type { Stage } from "../assessment/types";
import type { AssignedApproval } from "../case/types";
import { activeDelegation, type Delegation } from "./delegation";

/** Someone to ask at a stage being opened, before the runtime gives the approval its id. */
export type Assignment = Omit<AssignedApproval, "approvalId">;

/** A delegation that could not be followed, and who was asked instead: for the approver's mail and logs. */
export interface AssignmentNote {
  approverId: string;
  delegateId: string;
  why: string;
  askedInstead: string;
}

export interface AssignmentInput {
  stage: Stage;
  branch: string;
  /** The instant the stage opens: the delegations in force then apply, whatever happens later. */
  openedAt: Date;
  /** The directory's choice for this stage and attempt (exclusions applied), in seat order. */
  candidates: readonly string[];
  /** Who may take a seat whose delegate cannot: the other seat's members (the backup), in order. */
  alternates: readonly string[];
  /** The stored delegations; only those in force at `openedAt` count. */
  delegations: readonly Delegation[];
  /** Who may not be asked at this stage, with why (exclusionsFor). */
  excluded: ReadonlyMap<string, string>;
  holdsRole(userId: string, branch: string, stage: Stage): boolean;
}

/**
 * Who is asked when a stage opens, and on whose behalf. Each candidate with a delegation in force is
 * replaced by their delegate, unless the delegate may not act here: four eyes or a recusal excludes
 * them, they do not hold the stage's role at the branch, they are already asked, or they are away
 * themself (a delegation is never passed on). Then the first free alternate is asked in their own
 * right (or their own delegate, one hop from them); with no alternate left, the candidate themself
 * is asked, so the stage is never left without anyone and its SLA escalates as usual.
 */
export function assignApprovers(input: AssignmentInput): {
  assignments: Assignment[];
  notes: AssignmentNote[];
} {
  const { openedAt, delegations } = input;
  const assignments: Assignment[] = [];
  const notes: AssignmentNote[] = [];
  const taken = new Set<string>();
  const away = (id: string) => activeDelegation(delegations, id, openedAt);

  /** Why `id` may not sit at this stage now, or null. */
  const whyNot = (id: string): string | null => {
    const excluded = input.excluded.get(id);
    if (excluded !== undefined) return excluded;
    if (!input.holdsRole(id, input.branch, input.stage))
      return `${id} does not hold the ${input.stage} role at ${input.branch}`;
    // A delegate who is a candidate keeps their own seat: one person, one vote.
    if (taken.has(id) || input.candidates.includes(id)) return `${id} is already asked at ${input.stage}`;
    const own = away(id);
    if (own) return `${id} is away too (delegating to ${own.delegateId} until ${own.to})`;
    return null;
  };

  /** The seat of `id`: their delegate when in force and able, else null with the reason. */
  const viaDelegate = (
    id: string,
  ): { assignment: Assignment } | { why: string; delegateId: string } | null => {
    const d = away(id);
    if (!d) return null;
    const why = whyNot(d.delegateId);
    if (why !== null) return { why, delegateId: d.delegateId };
    return {
      assignment: {
        approverId: d.delegateId,
        onBehalfOf: id,
        delegation: { from: d.from, to: d.to, setBy: d.setBy },
      },
    };
  };

  const seat = (a: Assignment) => {
    assignments.push(a);
    taken.add(a.approverId);
    if (a.onBehalfOf !== undefined) taken.add(a.onBehalfOf);
  };

  /** A free alternate, in their own right or through their own delegate. */
  const alternate = (): Assignment | null => {
    for (const alt of input.alternates) {
      if (taken.has(alt) || input.excluded.has(alt) || !input.holdsRole(alt, input.branch, input.stage))
        continue;
      const through = viaDelegate(alt);
      if (through === null) return { approverId: alt };
      if ("assignment" in through) return through.assignment;
    }
    return null;
  };

  for (const candidate of input.candidates) {
    if (taken.has(candidate)) continue;
    const through = viaDelegate(candidate);
    if (through === null) {
      seat({ approverId: candidate });
      continue;
    }
    if ("assignment" in through) {
      seat(through.assignment);
      continue;
    }
    // The candidate's own seat is kept for them while looking, so nobody is asked twice.
    taken.add(candidate);
    const instead = alternate() ?? { approverId: candidate };
    seat(instead);
    notes.push({
      approverId: candidate,
      delegateId: through.delegateId,
      why: through.why,
      askedInstead: instead.approverId,
    });
  }
  return { assignments, notes };
}
