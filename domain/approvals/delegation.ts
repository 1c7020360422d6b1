import { z } from "zod";
import type { Stage } from "../assessment/types";
import { STAGES } from "../policy/schema";
import { err, ok, type Result } from "../result";
import { checkTextField } from "./text-field";

/**
 * An approver's stand-in for a period: stages opened from `from` (inclusive) until `to` (exclusive)
 * that would have asked `approverId` ask `delegateId` on their behalf (docs/approvals.md).
 */
export interface Delegation {
  approverId: string;
  delegateId: string;
  /** ISO instants with their zone; `from` ≤ opening < `to`. */
  from: string;
  to: string;
  /** The approver themself, or the credit administrator who set it for an absent approver. */
  setBy: string;
  reason: string;
}

/** The roles a delegation is checked against: the directory port's role check, and its branches. */
export interface RoleFacts {
  branches: readonly string[];
  hasRole(userId: string, branch: string, role: Stage | "CREDIT_ADMIN"): boolean;
}

export type DelegationProblemCode =
  | "NOT_PERMITTED"
  | "INVALID"
  | "SELF_DELEGATION"
  | "EMPTY_RANGE"
  | "ALREADY_ENDED"
  | "NO_SHARED_ROLE"
  | "OVERLAP"
  | "CHAIN"
  | "REASON";

export interface DelegationProblem {
  code: DelegationProblemCode;
  field: "approverId" | "delegateId" | "from" | "to" | "reason";
  message: string;
}

const instant = z.iso.datetime({
  offset: true,
  message: "must be an instant with its time zone, such as 2026-12-01T00:00:00+08:00",
});
const userId = z.string().trim().min(1, "is required").max(64, "is at most 64 characters");
const delegationInput = z.object({
  approverId: userId,
  delegateId: userId,
  from: instant,
  to: instant,
  reason: z.string().default(""),
});

/** Whether the delegation is in force at `instant`: its start counts, its end does not. */
export function isActiveAt(d: Delegation, instant: Date): boolean {
  const t = instant.getTime();
  return Date.parse(d.from) <= t && t < Date.parse(d.to);
}

/** The delegation `approverId` has in force at `instant` (stored delegations never overlap). */
export function activeDelegation(
  delegations: readonly Delegation[],
  approverId: string,
  instant: Date,
): Delegation | undefined {
  return delegations.find((d) => d.approverId === approverId && isActiveAt(d, instant));
}

const overlaps = (a: Pick<Delegation, "from" | "to">, b: Pick<Delegation, "from" | "to">) =>
  Date.parse(a.from) < Date.parse(b.to) && Date.parse(b.from) < Date.parse(a.to);

const period = (d: Delegation) => `from ${d.from} to ${d.to}`;

/** The (branch, stage) seats `userId` holds. */
function seatsOf(userId: string, roles: RoleFacts): { branch: string; stage: Stage }[] {
  return roles.branches.flatMap((branch) =>
    STAGES.filter((stage) => roles.hasRole(userId, branch, stage)).map((stage) => ({ branch, stage })),
  );
}

/**
 * Who may set `approverId`'s delegation: the approver themself, or credit administration of a branch
 * where the approver holds an approval role (for an approver who is absent and cannot). Null: may.
 */
export function whyNotPermitted(actorId: string, approverId: string, roles: RoleFacts): string | null {
  if (actorId === approverId) return null;
  const branches = new Set(seatsOf(approverId, roles).map((s) => s.branch));
  if ([...branches].some((b) => roles.hasRole(actorId, b, "CREDIT_ADMIN"))) return null;
  return `only ${approverId} or credit administration of their branch may set ${approverId}'s delegation`;
}

/**
 * Checks a delegation `actorId` asks to set, against the delegations already stored (leave out the
 * one it replaces). Refused: anyone else's but one's own unless credit administration of the
 * approver's branch; delegating to oneself; an empty or past range; a delegate who holds none of the
 * approver's roles (they could never decide in the approver's place); an overlap with another of the
 * approver's delegations; and chains — a delegate who is away themself then, or an approver who is
 * standing in for someone then. A stage is handed on once at most, so the trail names two people.
 */
export function checkDelegation(
  input: unknown,
  actorId: string,
  context: { now: Date; existing: readonly Delegation[]; roles: RoleFacts },
): Result<Delegation, DelegationProblem[]> {
  const parsed = delegationInput.safeParse(input);
  if (!parsed.success) {
    return err(
      parsed.error.issues.map((i) => {
        const field = String(i.path[0] ?? "approverId") as DelegationProblem["field"];
        return { code: "INVALID", field, message: `${field} ${i.message}` };
      }),
    );
  }
  const { approverId, delegateId, from, to } = parsed.data;
  const { roles, now, existing } = context;
  const refused = whyNotPermitted(actorId, approverId, roles);
  if (refused) return err([{ code: "NOT_PERMITTED", field: "approverId", message: refused }]);

  const problems: DelegationProblem[] = [];
  const problem = (code: DelegationProblemCode, field: DelegationProblem["field"], message: string) =>
    problems.push({ code, field, message });
  if (delegateId === approverId)
    problem("SELF_DELEGATION", "delegateId", `${approverId} cannot delegate to themself`);
  if (Date.parse(from) >= Date.parse(to))
    problem("EMPTY_RANGE", "to", "the delegation must end after it starts");
  else if (Date.parse(to) <= now.getTime())
    problem("ALREADY_ENDED", "to", "the delegation would end before now: there is nothing left to delegate");
  const seats = seatsOf(approverId, roles);
  if (delegateId !== approverId && !seats.some((s) => roles.hasRole(delegateId, s.branch, s.stage))) {
    const held = seats.map((s) => `${s.stage} at ${s.branch}`).join(", ") || "none";
    problem(
      "NO_SHARED_ROLE",
      "delegateId",
      `${delegateId} holds none of ${approverId}'s approval roles (${held}), so could never decide in their place`,
    );
  }
  const range = { from, to };
  for (const d of existing) {
    if (!overlaps(d, range)) continue;
    if (d.approverId === approverId)
      problem(
        "OVERLAP",
        "from",
        `overlaps ${approverId}'s delegation to ${d.delegateId} ${period(d)}: change or remove that one first`,
      );
    if (d.approverId === delegateId && delegateId !== approverId)
      problem(
        "CHAIN",
        "delegateId",
        `${delegateId} is away ${period(d)} (delegating to ${d.delegateId}): a delegation is not passed on`,
      );
    if (d.delegateId === approverId)
      problem(
        "CHAIN",
        "approverId",
        `${approverId} stands in for ${d.approverId} ${period(d)}: what was delegated to them is not passed on`,
      );
  }
  const byOther = actorId !== approverId;
  const reason = checkTextField(
    parsed.data.reason,
    "reason",
    byOther ? "a delegation set for someone else needs a reason" : null,
  );
  if (!reason.ok) problem("REASON", "reason", reason.error);
  if (problems.length > 0 || !reason.ok) return err(problems);
  return ok({ approverId, delegateId, from, to, setBy: actorId, reason: reason.value });
}
