import {
  type Application,
  assess,
  type Decision,
  getPolicy,
  nextStage,
  type RecordedEvent,
  recordedAssessment,
  type Stage,
  slaSeconds,
} from "../../../domain";
import { WorkflowError } from "./errors";
import { mutateCase } from "./mutate";
import { notifyCreditAdmin, notifyOutcome, sendApprovalMails, sendUnmailed } from "./notify";
import type { NewApproval, WorkflowDeps } from "./ports";
import { isOpen } from "./submit";

function latestApplication(events: RecordedEvent[], caseVersion: number): Application {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e?.type === "CASE_SUBMITTED" && e.payload.caseVersion === caseVersion) return e.payload.application;
  }
  throw new WorkflowError("APPLICATION_MISSING", `no CASE_SUBMITTED event for version ${caseVersion}`);
}

/** Step "assess": runs the domain under the current policy; a Lambda retry reuses the recorded result. */
export async function assessStep(deps: WorkflowDeps, input: { caseId: string; caseVersion: number }) {
  const { result } = await mutateCase(deps.cases, input.caseId, ({ state, events }) => {
    if (state.caseVersion !== input.caseVersion) {
      throw new WorkflowError(
        "STALE_VERSION",
        `case is at version ${state.caseVersion}, step was for ${input.caseVersion}`,
      );
    }
    const recorded = events.find(
      (e) => e.type === "CASE_ASSESSED" && e.payload.caseVersion === input.caseVersion,
    );
    if (recorded?.type === "CASE_ASSESSED") {
      const a = recorded.payload.assessment;
      return { write: null, result: { autoDeclined: a.autoDecline !== null, route: a.route } };
    }
    const assessment = assess(latestApplication(events, input.caseVersion), getPolicy());
    return {
      write: {
        drafts: [
          {
            event: { type: "CASE_ASSESSED", payload: { caseVersion: input.caseVersion, assessment } },
            actor: "system",
          },
        ],
      },
      result: { autoDeclined: assessment.autoDecline !== null, route: assessment.route },
    };
  });
  return result;
}

/** Step "next stage": the first stage of the route still to approve, with its SLA from policy. */
export async function nextStageStep(deps: WorkflowDeps, input: { caseId: string }) {
  // The stored projection where there is one (it is written with the events it folds): no trail read.
  const state = deps.cases.state
    ? await deps.cases.state(input.caseId)
    : (await deps.cases.load(input.caseId))?.state;
  if (!state) throw new WorkflowError("CASE_NOT_FOUND", `case ${input.caseId} does not exist`);
  const stage = nextStage(state);
  if (stage === null) return { done: true, stage: null, attempt: 0, slaSeconds: 0 };
  const policy = getPolicy(state.assessment?.policyVersion);
  // A stage already offered (a run restarted by the reconciler) resumes at its attempt, so a stage
  // reassigned to the backup stays with the backup instead of going back to the primary.
  const attempt = Math.max(1, state.stages.find((s) => s.stage === stage)?.attempt ?? 0);
  return { done: false, stage, attempt, slaSeconds: slaSeconds(stage, policy) };
}

export interface OpenStageInput {
  caseId: string;
  stage: Stage;
  attempt: number;
  slaSeconds: number;
  taskToken: string;
}

/**
 * Step "open stage" (waitForTaskToken): attempts 1 and 2 create one approval per approver and mail
 * each a signed link; the stalled wait (attempt 3) keeps the backup's approvals and only rebinds the
 * new task token to them. The token is stored with the approvals, never put in a link.
 *
 * Idempotent: run again with the same token (a retry, or a task resumed after a crash) it records
 * nothing new and only sends the mails of this stage's pending approvals that never went out.
 */
export async function openStageStep(deps: WorkflowDeps, input: OpenStageInput) {
  const now = deps.now();
  type Opened = { approvals: NewApproval[]; reconcile: Decision | null; resend: string[] };
  // The mails quote the recorded assessment, read with the case by the step itself (no second load).
  let recorded: ReturnType<typeof recordedAssessment>;
  const opened = await mutateCase<Opened>(deps.cases, input.caseId, async ({ state, events }) => {
    recorded = recordedAssessment(events, state.caseVersion);
    const stageRecord = state.stages.find((s) => s.stage === input.stage);
    if (!stageRecord)
      throw new WorkflowError("STAGE_NOT_ON_ROUTE", `${input.stage} is not on the route of ${input.caseId}`);
    if (stageRecord.outcome !== null) {
      // Reconcile: the decision was recorded but its task had already timed out; deliver it on this task.
      return {
        write: null,
        result: { approvals: [] as NewApproval[], reconcile: stageRecord.outcome, resend: [] },
      };
    }
    const stalledWait = input.attempt >= 3;
    const alreadyOpen =
      stalledWait || (stageRecord.attempt >= input.attempt && state.pendingApprovals.length > 0);
    if (alreadyOpen) {
      const pendingIds = state.pendingApprovals.map((p) => p.approvalId);
      const bound = await Promise.all(pendingIds.map((id) => deps.approvals.get(id)));
      if (bound.every((a) => a?.taskToken === input.taskToken)) {
        // This very task again: everything is recorded; only mails may be missing.
        return {
          write: null,
          result: { approvals: [] as NewApproval[], reconcile: null, resend: pendingIds },
        };
      }
      // A retried invocation or the stalled wait: the approvers stay, only the token is new.
      return {
        write: {
          drafts: [
            {
              event: { type: "TASK_REBOUND", payload: { stage: input.stage, attempt: input.attempt } },
              actor: "system",
            },
          ],
          extras: {
            rebindToken: {
              approvalIds: state.pendingApprovals.map((p) => p.approvalId),
              taskToken: input.taskToken,
            },
          },
        },
        result: { approvals: [] as NewApproval[], reconcile: null, resend: pendingIds },
      };
    }
    const excluded = new Set<string>([state.submittedBy]);
    for (const s of state.stages)
      if (s.stage !== input.stage) for (const who of s.decidedBy) excluded.add(who);
    for (const who of stageRecord.decidedBy) excluded.add(who);
    const approvers = deps.directory.approversFor(state.branch, input.stage, input.attempt, excluded);
    if (approvers.length === 0) {
      throw new WorkflowError(
        "NO_ELIGIBLE_APPROVER",
        `no eligible ${input.stage} approver at ${state.branch} (attempt ${input.attempt})`,
      );
    }
    const expiresAt = new Date(
      now.getTime() + (input.slaSeconds + deps.links.graceSeconds) * 1000,
    ).toISOString();
    const approvals: NewApproval[] = approvers.map((approverId) => ({
      approvalId: deps.newId("APR"),
      caseId: state.caseId,
      caseVersion: state.caseVersion,
      stage: input.stage,
      approverId,
      attempt: input.attempt,
      taskToken: input.taskToken,
      createdAt: now.toISOString(),
      expiresAt,
    }));
    return {
      write: {
        drafts: [
          {
            event: {
              type: "STAGE_OPENED",
              payload: {
                stage: input.stage,
                attempt: input.attempt,
                slaSeconds: input.slaSeconds,
                approvals: approvals.map((a) => ({ approvalId: a.approvalId, approverId: a.approverId })),
              },
            },
            actor: "system",
          },
        ],
        extras: { newApprovals: approvals },
      },
      result: { approvals, reconcile: null, resend: [] },
    };
  });
  const { result, state } = opened;
  if (result.reconcile) await deps.engine.sendOutcome(input.taskToken, result.reconcile);
  let resent: string[] = [];
  if (result.approvals.length > 0 || result.resend.length > 0) {
    await sendApprovalMails(deps, state, result.approvals, recorded);
    resent = await sendUnmailed(deps, state, result.resend, recorded);
  }
  return { opened: result.approvals.length, resent: resent.length };
}

/** Step "escalate" (after a stage timeout): never approves. */
export async function escalateStep(
  deps: WorkflowDeps,
  input: { caseId: string; stage: Stage; attempt: number },
) {
  const { result, state } = await mutateCase(deps.cases, input.caseId, ({ state }) => {
    const policy = getPolicy(state.assessment?.policyVersion);
    const pending = state.pendingApprovals.map((p) => p.approvalId);
    if (state.stages.find((s) => s.stage === input.stage)?.outcome) {
      // Decided at the moment of the timeout: nothing to escalate; the next wait delivers the outcome.
      return {
        write: null,
        result: {
          stage: input.stage,
          attempt: input.attempt + 1,
          slaSeconds: slaSeconds(input.stage, policy),
          stalled: false,
        },
      };
    }
    if (input.attempt <= 1) {
      return {
        write: {
          drafts: [
            {
              event: {
                type: "STAGE_REASSIGNED",
                payload: {
                  stage: input.stage,
                  attempt: 2,
                  from: state.pendingApprovals.map((p) => p.approverId),
                  reason: "SLA_TIMEOUT",
                },
              },
              actor: "system",
            },
          ],
          extras: { supersede: pending },
        },
        result: {
          stage: input.stage,
          attempt: 2,
          slaSeconds: slaSeconds(input.stage, policy),
          stalled: false,
        },
      };
    }
    return {
      write: state.stalled
        ? null
        : {
            drafts: [
              {
                event: { type: "CASE_STALLED", payload: { stage: input.stage, attempt: 3 } },
                actor: "system",
              },
            ],
          },
      result: { stage: input.stage, attempt: 3, slaSeconds: 0, stalled: true },
    };
  });
  if (result.stalled)
    await notifyCreditAdmin(deps, state, `Case ${state.caseId} is STALLED at ${input.stage}`);
  return result;
}

/** Step "finalize": the case's outcome, the lock released unless the case may come back (RETURNED). */
export async function finalizeStep(
  deps: WorkflowDeps,
  input: { caseId: string; status: "APPROVED" | "DECLINED" | "RETURNED" },
) {
  const { state, result: recorded } = await mutateCase(deps.cases, input.caseId, ({ state, events }) => {
    const assessed = recordedAssessment(events, state.caseVersion);
    if (state.status === input.status) return { write: null, result: assessed };
    const reasons: string[] = [];
    if (input.status === "DECLINED" && state.assessment?.autoDecline)
      reasons.push(...state.assessment.autoDecline);
    const lastStageDecision = [...events].reverse().find((e) => e.type === "STAGE_DECIDED");
    if (input.status !== "APPROVED" && lastStageDecision?.type === "STAGE_DECIDED") {
      reasons.push(`${lastStageDecision.payload.stage}: ${lastStageDecision.payload.outcome}`);
    }
    return {
      write: {
        drafts: [
          { event: { type: "CASE_FINALIZED", payload: { status: input.status, reasons } }, actor: "system" },
        ],
        extras: input.status === "RETURNED" ? {} : { releaseLock: state.applicationId },
      },
      result: assessed,
    };
  });
  await notifyOutcome(deps, state, recorded);
  return { status: state.status };
}

/** Step "record failure": whatever broke, the case ends in a recorded FAILED state with the error. */
export async function recordFailureStep(
  deps: WorkflowDeps,
  input: { caseId: string; failure?: { Error?: string; Cause?: string } },
) {
  const { state } = await mutateCase(deps.cases, input.caseId, ({ state }) => ({
    write:
      state.status === "FAILED"
        ? null
        : {
            drafts: [
              {
                event: {
                  type: "WORKFLOW_FAILED",
                  payload: {
                    error: input.failure?.Error ?? "Unknown",
                    cause: (input.failure?.Cause ?? "").slice(0, 4000),
                  },
                },
                actor: "system",
              },
            ],
            extras: {
              ...(isOpen(state) ? { releaseLock: state.applicationId } : {}),
              supersede: state.pendingApprovals.map((p) => p.approvalId),
            },
          },
    result: undefined,
  }));
  await notifyCreditAdmin(deps, state, `Case ${state.caseId} FAILED: ${input.failure?.Error ?? "Unknown"}`);
  return { recorded: true };
}
