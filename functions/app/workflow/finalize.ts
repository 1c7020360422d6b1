import { recordedAssessment } from "../../../domain";
import type { Deps, Writes } from "../ports";
import { decisionComments } from "./comments";
import { mutateCase } from "./mutate";
import { notifyOutcome } from "./notify";

/** The outcome is recorded with the lock released (not for RETURNED) and mailed to the submitter. */
export type FinalizeDeps = Deps<"cases" | "directory" | "mailer"> & Writes<"lockRelease">;

/** Step "finalize": the case's outcome, the lock released unless the case may come back (RETURNED). */
export async function finalizeStep(
  deps: FinalizeDeps,
  input: { caseId: string; status: "APPROVED" | "DECLINED" | "RETURNED" },
) {
  const { state, result: recorded } = await mutateCase(deps, input.caseId, ({ state, events }) => {
    const assessed = recordedAssessment(events, state.caseVersion);
    // The approvers' own words on this version go to the submitter with the outcome.
    const comments = decisionComments(events).filter((c) => c.caseVersion === state.caseVersion);
    if (state.status === input.status) return { write: null, result: { assessed, comments } };
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
      result: { assessed, comments },
    };
  });
  deps.telemetry.info("case finalized", { caseId: input.caseId, status: state.status });
  await notifyOutcome(deps, state, recorded.assessed, recorded.comments);
  return { status: state.status };
}
