import { getPolicy, type Stage, slaSeconds } from "../../../domain";
import { type Deps, METRICS, type Writes } from "../ports";
import { mutateCase } from "./mutate";
import { notifyCreditAdmin } from "./notify";

/** An escalation supersedes the pending approvals and tells credit administration when the case stalls. */
export type EscalateDeps = Deps<"cases" | "directory" | "mailer" | "site"> & Writes<"approvalSettling">;

/** Step "escalate" (after a stage timeout): never approves. */
export async function escalateStep(
  deps: EscalateDeps,
  input: { caseId: string; stage: Stage; attempt: number },
) {
  const { result, state, written } = await mutateCase(deps, input.caseId, ({ state }) => {
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
  const ids = { caseId: input.caseId, stage: input.stage, attempt: result.attempt };
  if (written && result.stalled) {
    deps.telemetry.warn("stage passed its second SLA: case STALLED", ids);
    deps.telemetry.metric(METRICS.casesStalled, "Count", 1);
  } else if (written) {
    deps.telemetry.info("stage passed its SLA: reassigned to the backup", ids);
    deps.telemetry.metric(METRICS.slaEscalations, "Count", 1);
  }
  if (result.stalled)
    await notifyCreditAdmin(deps, state, `Case ${state.caseId} is STALLED at ${input.stage}`);
  return result;
}
