import type { Stage } from "../assessment/types";
import { type CaseActs, whyExcluded } from "../case/eligibility";
import type { AssignedApproval, RecordedEvent } from "../case/types";
import type { RuleContext, StageTrack, VersionTrack, ViolationCode } from "./rules";

/**
 * The checks of what approvers and credit administration do besides deciding (docs/approvals.md):
 * delegates, abstentions and recusals, reminders, and credit administration's reassignments,
 * extensions and withdrawals. `checkDecisions` calls them as it walks the trail.
 */

type Flag = (code: ViolationCode, message: string, extra?: { stage?: Stage; who?: string }) => void;
type Of<T extends RecordedEvent["type"]> = Extract<RecordedEvent, { type: T }>;

interface ApprovalStageTrack {
  /** Seq of the latest reminder since the stage was last opened, or null. */
  remindedAt: number | null;
  lastDecision: { seq: number; approverId: string } | null;
  extensions: number;
  abstained: Set<string>;
  /** Principals of delegates' decisions here. */
  principals: Set<string>;
}

/** What these checks keep about one version of a case, beside checkDecisions' own tracks. */
export interface ApprovalTrack {
  /** How each approval was given: at which opening instant, and under which delegation. */
  approvals: Map<string, AssignedApproval & { openedAt: string }>;
  stages: Map<Stage, ApprovalStageTrack>;
  recused: Map<string, Stage>;
}

export function newApprovalTrack(): ApprovalTrack {
  return { approvals: new Map(), stages: new Map(), recused: new Map() };
}

function stageOf(a: ApprovalTrack, stage: Stage): ApprovalStageTrack {
  let s = a.stages.get(stage);
  if (!s) {
    s = { remindedAt: null, lastDecision: null, extensions: 0, abstained: new Set(), principals: new Set() };
    a.stages.set(stage, s);
  }
  return s;
}

/** The acts of the version so far, as the eligibility rules read them. */
function actsSoFar(v: VersionTrack, askedHere: ReadonlySet<string>): CaseActs {
  const acted = new Map<Stage, Set<string>>();
  for (const [stage, t] of v.stages) acted.set(stage, new Set(t.decisions.map((d) => d.approverId)));
  for (const [stage, s] of v.approvals.stages) {
    const set = acted.get(stage) ?? new Set<string>();
    for (const who of [...s.abstained, ...s.principals]) set.add(who);
    acted.set(stage, set);
  }
  return { submitter: v.submitter, acted, recused: v.approvals.recused, askedHere };
}

export function noteOpening(v: VersionTrack, e: Of<"STAGE_OPENED">): void {
  for (const a of e.payload.approvals) v.approvals.approvals.set(a.approvalId, { ...a, openedAt: e.at });
  stageOf(v.approvals, e.payload.stage).remindedAt = null;
}

/**
 * A delegate decides only on a stage opened within their delegation's range (its start included, its
 * end not), and four eyes hold for both names: neither the delegate nor the approver they stand in
 * for may be the submitter or have acted at another stage.
 */
export function checkDelegateDecision(v: VersionTrack, e: Of<"DECISION_RECORDED">, flag: Flag): void {
  const { stage, approverId, approvalId } = e.payload;
  const s = stageOf(v.approvals, stage);
  s.lastDecision = { seq: e.seq, approverId };
  const given = v.approvals.approvals.get(approvalId);
  const principal = e.payload.onBehalfOf ?? given?.onBehalfOf;
  if (principal === undefined) return;
  const who = { stage, who: approverId };
  const d = given?.delegation;
  if (!d || given?.onBehalfOf !== principal) {
    flag(
      "DELEGATE_OUT_OF_RANGE",
      `${approverId} decided at ${stage} on behalf of ${principal}, but the stage was not given to them under a delegation from ${principal}`,
      who,
    );
  } else {
    const opened = Date.parse(given.openedAt);
    if (!(Date.parse(d.from) <= opened && opened < Date.parse(d.to))) {
      flag(
        "DELEGATE_OUT_OF_RANGE",
        `${approverId} decided at ${stage} for ${principal}, but the stage opened at ${given.openedAt}, outside the delegation from ${d.from} to ${d.to}`,
        who,
      );
    }
  }
  const acts = actsSoFar(v, new Set());
  const breaches: string[] = [];
  if (principal === approverId) breaches.push(`${approverId} stood in for themself`);
  if (principal === v.submitter)
    breaches.push(`${principal}, for whom ${approverId} decided, submitted this case`);
  const recusedAt = acts.recused.get(principal);
  if (recusedAt) breaches.push(`${principal} recused themself from this case at ${recusedAt}`);
  for (const [other, acted] of acts.acted) {
    if (other === stage) continue;
    if (acted.has(principal)) breaches.push(`${principal} already acted at ${other}`);
    // The delegate's own decisions elsewhere are FOUR_EYES_TWO_STAGES; here, what they did otherwise.
    const there = v.approvals.stages.get(other);
    if (there?.principals.has(approverId) || there?.abstained.has(approverId))
      breaches.push(`${approverId} already acted at ${other}`);
  }
  if (breaches.length > 0)
    flag(
      "DELEGATE_FOUR_EYES",
      `${approverId}'s decision for ${principal} at ${stage} breaks four eyes: ${breaches.join("; ")}`,
      who,
    );
  s.principals.add(principal);
}

/** Abstaining or recusing is for members asked at the stage; either ends their part in the vote. */
export function noteAbstentionOrRecusal(
  v: VersionTrack,
  t: StageTrack,
  e: Of<"ABSTENTION_RECORDED"> | Of<"RECUSAL_RECORDED">,
  flag: Flag,
): void {
  const { stage, approverId } = e.payload;
  const what = e.type === "ABSTENTION_RECORDED" ? "abstained" : "recused themself";
  if (!t.assigned.has(approverId))
    flag("NOT_ASSIGNED", `${approverId} ${what} at ${stage} without being asked`, { stage, who: approverId });
  t.assigned.delete(approverId);
  if (e.type === "ABSTENTION_RECORDED") stageOf(v.approvals, stage).abstained.add(approverId);
  else v.approvals.recused.set(approverId, stage);
}

export function noteReminder(v: VersionTrack, t: StageTrack, e: Of<"REMINDER_SENT">): void {
  if (t.outcome === null) stageOf(v.approvals, e.payload.stage).remindedAt = e.seq;
}

/**
 * A reminder decides nothing: a stage reminded since it opened closes only on a person's decision,
 * recorded after the reminder by whoever closed it. An abstention is never a vote: the tally's votes
 * are the decisions cast.
 */
export function checkClosing(v: VersionTrack, t: StageTrack, e: Of<"STAGE_DECIDED">, flag: Flag): void {
  const { stage } = e.payload;
  const s = stageOf(v.approvals, stage);
  if (s.remindedAt !== null) {
    const last = s.lastDecision;
    if (!last || last.seq < s.remindedAt || last.approverId !== e.actor) {
      flag(
        "REMINDER_DECIDED",
        `${stage} closed as ${e.payload.outcome} after a reminder without a person's decision closing it`,
        { stage },
      );
    }
  }
  const tally = e.payload.tally;
  const cast = t.decisions.length;
  if (tally && s.abstained.size > 0 && tally.votes > cast) {
    flag(
      "ABSTENTION_COUNTED",
      `the committee's tally counts ${tally.votes} votes where ${cast} were cast: ${s.abstained.size} abstention(s) are not votes`,
      { stage },
    );
  }
}

/** Credit administration of the case's branch, with a reason: what every one of its actions needs. */
function checkAdminAction(
  v: VersionTrack,
  e: RecordedEvent,
  reason: string,
  action: string,
  withoutReason: ViolationCode,
  ctx: RuleContext,
  flag: Flag,
  stage?: Stage,
): void {
  const where = stage ? { stage } : {};
  if (reason.trim() === "") flag(withoutReason, `${action} by ${e.actor} gives no reason`, where);
  if (!ctx.holdsRole(e.actor, v.branch, "CREDIT_ADMIN"))
    flag("NOT_CREDIT_ADMIN", `${action} by ${e.actor}, who is not credit administration of ${v.branch}`, {
      ...where,
      who: e.actor,
    });
}

export function checkReassignment(
  v: VersionTrack,
  t: StageTrack,
  e: Of<"APPROVAL_REASSIGNED">,
  ctx: RuleContext,
  flag: Flag,
): void {
  const { stage, from, to, reason } = e.payload;
  checkAdminAction(
    v,
    e,
    reason,
    `the reassignment of ${stage}`,
    "REASSIGNMENT_WITHOUT_REASON",
    ctx,
    flag,
    stage,
  );
  const asked = new Set(t.assigned);
  if (from) asked.delete(from.approverId);
  const why = ctx.holdsRole(to.approverId, v.branch, stage)
    ? whyExcluded(to.approverId, stage, actsSoFar(v, asked))
    : `${to.approverId} does not hold the ${stage} role at ${v.branch}`;
  if (why)
    flag("REASSIGNED_TO_INELIGIBLE", `${stage} was reassigned to an ineligible person: ${why}`, {
      stage,
      who: to.approverId,
    });
  if (from) t.assigned.delete(from.approverId);
  t.assigned.add(to.approverId);
  v.approvals.approvals.set(to.approvalId, { ...to, openedAt: e.at });
}

export function checkExtension(v: VersionTrack, e: Of<"SLA_EXTENDED">, ctx: RuleContext, flag: Flag): void {
  const { stage, reason } = e.payload;
  checkAdminAction(v, e, reason, `the extension of ${stage}`, "EXTENSION_WITHOUT_REASON", ctx, flag, stage);
  const s = stageOf(v.approvals, stage);
  s.extensions++;
  if (s.extensions > 1)
    flag("SECOND_EXTENSION", `${stage} was extended ${s.extensions} times; once is allowed`, { stage });
}

export function checkWithdrawal(
  v: VersionTrack,
  e: Of<"CASE_WITHDRAWN">,
  ctx: RuleContext,
  flag: Flag,
): void {
  checkAdminAction(
    v,
    e,
    e.payload.reason,
    "the withdrawal of the case",
    "WITHDRAWAL_WITHOUT_REASON",
    ctx,
    flag,
  );
}
