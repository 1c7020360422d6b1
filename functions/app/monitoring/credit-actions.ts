import { Dec, moneyDown } from "../../../domain/decimal";
import {
  type CreditEvent,
  type CreditState,
  clearingProblem,
  creditFloor,
  decisionProblems,
  exitPlanProblems,
  exitPlanReason,
  proposalProblem,
  reductionProblem,
  responseProblem,
} from "../../../domain/monitoring";
import { CATEGORIES, TIERS } from "../../../domain/policy/monitoring-schema";
import type { Policy } from "../../../domain/policy/policy";
import * as z from "../../../domain/zod";
import type { DirectoryPort } from "../ports";

/**
 * The people's actions on a credit, each a schema for its body, who may take it, and the decision
 * function of domain/monitoring that says what to record or why not. Nothing here writes: the use
 * case (record-action.ts) folds the credit, runs `decide` on it, and appends what it returns.
 */

const reason = z.string().check(z.trim(), z.minLength(1, "must not be empty"), z.maxLength(2000));
const note = z.string().check(z.trim(), z.maxLength(2000));
const id = z.string().check(z.trim(), z.minLength(1, "must not be empty"), z.maxLength(128));
const MONEY = /^\d{1,15}(\.\d{1,2})?$/;

export type Decided = { ok: true; events: CreditEvent[] } | { ok: false; code: string; problems: string[] };

interface ActionContext {
  state: CreditState;
  policy: Policy;
  caller: string;
  directory: DirectoryPort;
}

interface Action<T> {
  schema: z.ZodMiniType<T>;
  /** Who may take it on a credit of `branch`. */
  allowed(directory: DirectoryPort, caller: string, branch: string): boolean;
  decide(input: T, ctx: ActionContext): Decided;
}

const refuse = (code: string, ...problems: string[]): Decided => ({ ok: false, code, problems });
const record = (...events: CreditEvent[]): Decided => ({ ok: true, events });
const creditAdmin = (d: DirectoryPort, caller: string, branch: string) =>
  d.hasRole(caller, branch, "CREDIT_ADMIN");

/** A tier as a body names it: one of the tiers, or null for "no warning" (clearing). */
const tierOrNone = z.nullable(z.enum(TIERS));

const respond: Action<{ tier: (typeof TIERS)[number]; actions: string[]; note: string }> = {
  schema: z.object({ tier: z.enum(TIERS), actions: z.array(id).check(z.maxLength(10)), note }),
  allowed: creditAdmin,
  decide: (b, { state, policy }) => {
    const problem = responseProblem(state, b.tier, b.actions, policy);
    return problem
      ? refuse("RESPONSE_REFUSED", problem)
      : record({ type: "WARNING_RESPONDED", payload: { tier: b.tier, actions: b.actions, note: b.note } });
  },
};

const clear: Action<{ to: (typeof TIERS)[number] | null; reason: string }> = {
  schema: z.object({ to: tierOrNone, reason }),
  allowed: creditAdmin,
  decide: (b, { state }) => {
    const problem = clearingProblem(state, b.to, b.reason);
    if (problem || state.tier === null) return refuse("CLEARING_REFUSED", problem ?? "no warning");
    return record({ type: "WARNING_CLEARED", payload: { from: state.tier, to: b.to, reason: b.reason } });
  },
};

const propose: Action<{ category: (typeof CATEGORIES)[number]; reason: string }> = {
  schema: z.object({ category: z.enum(CATEGORIES), reason }),
  // The relationship manager knows the borrower; credit administration may propose too.
  allowed: (d, caller, branch) => d.hasRole(caller, branch, "RM") || creditAdmin(d, caller, branch),
  decide: (b, { state, policy }) => {
    const problem = proposalProblem(state, b.reason);
    if (problem) return refuse("PROPOSAL_REFUSED", problem);
    const floor = creditFloor(state, policy);
    return record({
      type: "CLASSIFICATION_PROPOSED",
      payload: { category: b.category, floor, reason: b.reason },
    });
  },
};

const decide: Action<{ headOfficeApprovedBy: string | null; reason: string }> = {
  schema: z.object({ headOfficeApprovedBy: z.nullable(id), reason }),
  allowed: creditAdmin,
  decide: (b, { state, policy, caller, directory }) => {
    const approvedBy =
      b.headOfficeApprovedBy === null
        ? null
        : (directory.canonicalId(b.headOfficeApprovedBy) ?? b.headOfficeApprovedBy);
    if (approvedBy !== null && !directory.hasRole(approvedBy, state.branch, "HEAD_OFFICE"))
      return refuse("NOT_HEAD_OFFICE", `${approvedBy} is not head office for branch ${state.branch}`);
    const problems = decisionProblems(state, caller, approvedBy, policy);
    const p = state.proposal;
    if (problems.length > 0 || p === null)
      return refuse(problems[0]?.code ?? "NO_PROPOSAL", ...problems.map((x) => x.message));
    return record({
      type: "CLASSIFICATION_DECIDED",
      payload: {
        category: p.category,
        floor: creditFloor(state, policy),
        proposedBy: p.proposedBy,
        headOfficeApprovedBy: approvedBy,
        reason: b.reason,
      },
    });
  },
};

const milestone = z.object({
  id,
  description: z.string().check(z.trim(), z.minLength(1, "must not be empty"), z.maxLength(500)),
  owner: id,
  due: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as "2027-03-31"')),
});

const openExitPlan: Action<{ milestones: z.infer<typeof milestone>[] }> = {
  schema: z.object({ milestones: z.array(milestone).check(z.maxLength(50)) }),
  allowed: creditAdmin,
  decide: (b, { state, policy }) => {
    const problems = exitPlanProblems(state, b.milestones, policy);
    const why = exitPlanReason(state, policy);
    if (problems.length > 0 || why === null) return refuse("EXIT_PLAN_REFUSED", ...problems);
    return record({ type: "EXIT_PLAN_OPENED", payload: { reason: why, milestones: b.milestones } });
  },
};

const reduce: Action<{ amount: string; note: string }> = {
  schema: z.object({
    amount: z.string().check(z.regex(MONEY, 'must be an amount such as "500000.00"')),
    note,
  }),
  allowed: creditAdmin,
  decide: (b, { state }) => {
    const amount = moneyDown(new Dec(b.amount));
    const problem = reductionProblem(state, amount);
    return problem
      ? refuse("REDUCTION_REFUSED", problem)
      : record({ type: "EXIT_REDUCTION_RECORDED", payload: { amount, note: b.note } });
  },
};

/** Every action by the last segment of its route, POST /loans/{caseId}/actions/{action}. */
export const CREDIT_ACTIONS: Readonly<Record<string, Action<never>>> = {
  respond,
  clear,
  "propose-classification": propose,
  "decide-classification": decide,
  "open-exit-plan": openExitPlan,
  "record-reduction": reduce,
} as unknown as Record<string, Action<never>>;
