import { CodedError, type Decision, recordedAssessment, type Stage } from "../../../domain";
import type { Deps, NewApproval, Writes } from "../ports";
import { mutateCase } from "./mutate";
import { sendApprovalMails, sendUnmailed } from "./notify";

type OpenKinds = "approvalOpening" | "approvalSettling";
/** A stage opens with its approvals (or rebinds the token to them), mails each approver, and may deliver an outcome. */
export type OpenStageDeps = Deps<
  "cases" | "approvals" | "directory" | "links" | "site" | "mailer" | "mailMarks" | "taskAnswers"
> &
  Writes<OpenKinds>;

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
export async function openStageStep(deps: OpenStageDeps, input: OpenStageInput) {
  const now = deps.now();
  type Opened = { approvals: NewApproval[]; reconcile: Decision | null; resend: string[] };
  // The mails quote the recorded assessment, read with the case by this step's own load (no second load).
  let recorded: ReturnType<typeof recordedAssessment>;
  const opened = await mutateCase<Opened, OpenKinds>(deps, input.caseId, async ({ state, events }) => {
    recorded = recordedAssessment(events, state.caseVersion);
    const stageRecord = state.stages.find((s) => s.stage === input.stage);
    if (!stageRecord)
      throw new CodedError("STAGE_NOT_ON_ROUTE", `${input.stage} is not on the route of ${input.caseId}`);
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
      throw new CodedError(
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
  const ids = { caseId: input.caseId, stage: input.stage, attempt: input.attempt };
  if (result.reconcile) {
    // The decision was recorded after the previous task had closed: it is delivered on this one.
    deps.telemetry.info("stage already decided; delivering its outcome", {
      ...ids,
      outcome: result.reconcile,
    });
    await deps.taskAnswers.sendOutcome(input.taskToken, result.reconcile);
  }
  let resent: string[] = [];
  if (result.approvals.length > 0 || result.resend.length > 0) {
    await sendApprovalMails(deps, state, result.approvals, recorded);
    resent = await sendUnmailed(deps, state, result.resend, recorded);
  }
  if (result.approvals.length > 0)
    deps.telemetry.info("stage opened", { ...ids, approvers: result.approvals.map((a) => a.approverId) });
  if (resent.length > 0) deps.telemetry.info("approval mails sent again", { ...ids, resent: resent.length });
  return { opened: result.approvals.length, resent: resent.length };
}
