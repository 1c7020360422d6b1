import { type Deps, METRICS, type Writes } from "../ports";
import { mutateCase } from "./mutate";
import { notifyCreditAdmin } from "./notify";
import { isOpen } from "./submit";

/** Whatever broke: the failure is recorded, the pending approvals and the lock given up, credit administration told. */
export type RecordFailureDeps = Deps<"cases" | "directory" | "mailer" | "site"> &
  Writes<"approvalSettling" | "lockRelease">;

/** Step "record failure": whatever broke, the case ends in a recorded FAILED state with the error. */
export async function recordFailureStep(
  deps: RecordFailureDeps,
  input: { caseId: string; failure?: { Error?: string; Cause?: string } },
) {
  const { state, written } = await mutateCase(deps, input.caseId, ({ state }) => ({
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
  if (written) {
    deps.telemetry.error("case FAILED", { caseId: input.caseId, failure: input.failure?.Error ?? "Unknown" });
    deps.telemetry.metric(METRICS.casesFailed, "Count", 1);
  }
  await notifyCreditAdmin(deps, state, `Case ${state.caseId} FAILED: ${input.failure?.Error ?? "Unknown"}`);
  return { recorded: true };
}
