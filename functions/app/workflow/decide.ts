import {
  COMMENT_MAX_CHARS,
  checkDecisionForm,
  committeeOutcome,
  committeeVotes,
  type Decision,
  fourEyesViolation,
  getPolicy,
} from "../../../domain";
import { verifyCsrf, verifyLink } from "../links";
import { type ApprovalRecord, type Deps, METRICS, type TaskDelivery, type Writes } from "../ports";
import { mutateCase } from "./mutate";

/** What checking a link reads: the approval it names, the directory (who is signed in), the key. */
export type LinkCheckDeps = Deps<"approvals" | "directory" | "links">;
/** A decision is recorded on the case with its approval settled, then delivered to the waiting run. */
export type DecideDeps = Deps<"cases" | "approvals" | "directory" | "links" | "taskAnswers"> &
  Writes<"approvalSettling">;

/** The approval form's comment: enough for reasons, small enough for every page and mail that quotes it. */
export const MAX_COMMENT_CHARS = COMMENT_MAX_CHARS;

export interface LinkParams {
  approvalId: string;
  approverId: string;
  stage: string;
  expiresAt: number;
  sig: string;
}

export type LinkCheck =
  | { kind: "OK"; approval: ApprovalRecord }
  | { kind: "BAD_LINK"; reason: "BAD_SIGNATURE" | "EXPIRED" }
  | { kind: "NOT_FOUND" }
  | { kind: "WRONG_PERSON"; message: string }
  | { kind: "ALREADY_DECIDED"; approval: ApprovalRecord }
  | { kind: "CLOSED"; approval: ApprovalRecord };

/** Everything GET and POST both check before showing or accepting anything. Reads only. */
export async function checkLink(
  deps: LinkCheckDeps,
  link: LinkParams,
  caller: string | undefined,
): Promise<LinkCheck> {
  const verdict = verifyLink(
    {
      approvalId: link.approvalId,
      approverId: link.approverId,
      stage: link.stage,
      expiresAt: link.expiresAt,
    },
    link.sig,
    deps.links.signingKey(),
    deps.now(),
  );
  if (!verdict.ok) return { kind: "BAD_LINK", reason: verdict.reason };
  const approval = await deps.approvals.get(link.approvalId);
  if (!approval) return { kind: "NOT_FOUND" };
  if (approval.approverId !== link.approverId || approval.stage !== link.stage) {
    return { kind: "WRONG_PERSON", message: "this link was not issued for this approval" };
  }
  const signedIn = caller === undefined ? undefined : (deps.directory.canonicalId(caller) ?? caller);
  if (signedIn !== undefined && signedIn !== approval.approverId) {
    return {
      kind: "WRONG_PERSON",
      message: `this link is for ${approval.approverId}, you are signed in as ${signedIn}`,
    };
  }
  if (approval.status === "DECIDED") return { kind: "ALREADY_DECIDED", approval };
  if (approval.status !== "PENDING") return { kind: "CLOSED", approval };
  return { kind: "OK", approval };
}

export type DecideOutcome =
  | Exclude<LinkCheck, { kind: "OK" }>
  | { kind: "BAD_REQUEST"; message: string }
  | { kind: "FOUR_EYES"; message: string }
  | {
      kind: "RECORDED";
      decision: Decision;
      stageOutcome: Decision | "pending";
      delivery: TaskDelivery | null;
    };

export interface DecisionForm {
  decision: string;
  comment: string;
  csrf: string;
}

/**
 * POST /approvals/{id}: record the decision in DynamoDB first (conditional on the approval still
 * pending), then tell Step Functions. A stage closed meanwhile (timeout) is reconciled by the next
 * open-stage step, which finds the recorded outcome.
 */
export async function decide(
  deps: DecideDeps,
  link: LinkParams,
  form: DecisionForm,
  caller: string | undefined,
): Promise<DecideOutcome> {
  const checked = await checkLink(deps, link, caller);
  if (checked.kind !== "OK") return checked;
  if (!verifyCsrf(link.approvalId, link.sig, form.csrf, deps.links.signingKey())) {
    return {
      kind: "BAD_REQUEST",
      message: "the form has expired or was not sent from the approval page; reopen the link",
    };
  }
  const approval = checked.approval;
  const checkedForm = checkDecisionForm(approval.stage, form);
  if (!checkedForm.ok) return { kind: "BAD_REQUEST", message: checkedForm.error.message };
  const act = checkedForm.value;
  // Abstaining and recusing have their rules in the domain but no runtime route yet.
  if (act.kind !== "DECISION")
    return { kind: "BAD_REQUEST", message: "abstaining and recusing cannot be recorded here yet" };
  const { decision, comment, withConditions } = act;

  type Planned = { outcome: DecideOutcome; stageOutcome: Decision | "pending"; taskToken: string };
  const { result } = await mutateCase<Planned, "approvalSettling">(
    deps,
    approval.caseId,
    async ({ state, events }) => {
      const fresh = await deps.approvals.get(approval.approvalId);
      if (fresh?.status !== "PENDING") {
        const outcome: DecideOutcome =
          fresh?.status === "DECIDED"
            ? { kind: "ALREADY_DECIDED", approval: fresh }
            : { kind: "CLOSED", approval: fresh ?? approval };
        return { write: null, result: { outcome, stageOutcome: "pending", taskToken: "" } };
      }
      const violation = fourEyesViolation(state, approval.stage, approval.approverId);
      if (violation) {
        return {
          write: null,
          result: {
            outcome: { kind: "FOUR_EYES", message: violation },
            stageOutcome: "pending",
            taskToken: "",
          },
        };
      }

      let stageOutcome: Decision | "pending" = decision;
      let tally: { approve: number; decline: number; votes: number; roster: number } | undefined;
      if (approval.stage === "COMMITTEE") {
        const before = committeeVotes(events);
        const approve = before.approve + (decision === "approve" ? 1 : 0);
        const votes = before.votes + 1;
        const roster = before.votes + state.pendingApprovals.length;
        tally = { approve, decline: votes - approve, votes, roster };
        stageOutcome = committeeOutcome(approve, votes, roster, getPolicy(state.assessment?.policyVersion));
      }
      const others = state.pendingApprovals
        .map((p) => p.approvalId)
        .filter((id) => id !== approval.approvalId);
      const drafts = [
        {
          event: {
            type: "DECISION_RECORDED" as const,
            payload: {
              stage: approval.stage,
              approvalId: approval.approvalId,
              approverId: approval.approverId,
              decision,
              comment,
              ...(withConditions ? { withConditions: true as const } : {}),
            },
          },
          actor: approval.approverId,
        },
        ...(stageOutcome === "pending"
          ? []
          : [
              {
                event: {
                  type: "STAGE_DECIDED" as const,
                  payload: { stage: approval.stage, outcome: stageOutcome, ...(tally ? { tally } : {}) },
                },
                actor: approval.approverId,
              },
            ]),
      ];
      return {
        write: {
          drafts,
          extras: {
            decide: {
              approvalId: approval.approvalId,
              approverId: approval.approverId,
              decision,
              comment,
              decidedAt: deps.now().toISOString(),
              approval: fresh,
            },
            ...(stageOutcome === "pending" ? {} : { supersede: others }),
          },
        },
        // The token is re-read with the approval: a stalled wait may have rebound it since the link was opened.
        result: {
          outcome: { kind: "RECORDED", decision, stageOutcome, delivery: null },
          stageOutcome,
          taskToken: fresh.taskToken,
        },
      };
    },
  );

  if (result.outcome.kind !== "RECORDED") return result.outcome;
  const ids = { caseId: approval.caseId, approvalId: approval.approvalId, stage: approval.stage };
  deps.telemetry.info("decision recorded", { ...ids, decision, stageOutcome: result.stageOutcome });
  deps.telemetry.metric(
    METRICS.decisionLatency,
    "Milliseconds",
    Math.max(0, deps.now().getTime() - Date.parse(approval.createdAt)),
  );
  if (result.stageOutcome === "pending") return result.outcome;
  deps.telemetry.metric(METRICS.stageDecided, "Count", 1, { outcome: result.stageOutcome });
  const delivery = await deps.taskAnswers.sendOutcome(result.taskToken, result.stageOutcome);
  if (delivery === "ALREADY_CLOSED")
    deps.telemetry.warn("the stage's task had closed; the next open-stage delivers the outcome", ids);
  return { kind: "RECORDED", decision, stageOutcome: result.stageOutcome, delivery };
}
