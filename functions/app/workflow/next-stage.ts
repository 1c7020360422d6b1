import { CodedError, getPolicy, nextStage, slaSeconds } from "../../../domain";
import type { Deps } from "../ports";

/** Step "next stage": the first stage of the route still to approve, with its SLA from policy. */
export async function nextStageStep(deps: Deps<"cases">, input: { caseId: string }) {
  // The stored state, written with the events it folds: this step needs no events, so no trail read.
  const state = await deps.cases.state(input.caseId);
  if (!state) throw new CodedError("CASE_NOT_FOUND", `case ${input.caseId} does not exist`);
  const stage = nextStage(state);
  if (stage === null) {
    deps.telemetry.info("every stage approved", { caseId: input.caseId });
    return { done: true, stage: null, attempt: 0, slaSeconds: 0 };
  }
  const policy = getPolicy(state.assessment?.policyVersion);
  // A stage already offered (a run restarted by the reconciler) resumes at its attempt, so a stage
  // reassigned to the backup stays with the backup instead of going back to the primary.
  const attempt = Math.max(1, state.stages.find((s) => s.stage === stage)?.attempt ?? 0);
  deps.telemetry.info("next stage", { caseId: input.caseId, stage, attempt });
  return { done: false, stage, attempt, slaSeconds: slaSeconds(stage, policy) };
}
