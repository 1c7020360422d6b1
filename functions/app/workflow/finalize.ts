import type { CaseEvent, CaseState, RecordedEvent } from "../../../domain";
import { recordedAssessment } from "../../../domain";
import type { BookPort, Deps, Writes } from "../ports";
import { recordedCheck, releaseOf } from "./book";
import { decisionComments } from "./comments";
import { mutateCase } from "./mutate";
import { notifyOutcome } from "./notify";

/**
 * The outcome is recorded with the lock released (not for RETURNED) and mailed to the submitter; a
 * case not approved gives its reservation in the book back in the same transaction.
 */
export type FinalizeDeps = Deps<"cases" | "directory" | "mailer" | "book"> &
  Writes<"lockRelease" | "bookReserve">;

/** The release of a case's reservation, when it holds one: its event and its moves. */
export function reservationRelease(
  book: BookPort,
  state: CaseState,
  events: readonly RecordedEvent[],
  reason: string,
) {
  const record = recordedCheck(events, state.caseVersion);
  if (!record || state.book?.state !== "RESERVED") return { drafts: [], reserve: [] };
  const event: CaseEvent = {
    type: "RESERVATION_RELEASED",
    payload: { caseVersion: state.caseVersion, planId: record.planId, reason },
  };
  return { drafts: [{ event, actor: "system" }], reserve: releaseOf(book, record) };
}

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
    const release =
      input.status === "APPROVED"
        ? { drafts: [], reserve: [] }
        : reservationRelease(deps.book, state, events, input.status.toLowerCase());
    return {
      write: {
        drafts: [
          { event: { type: "CASE_FINALIZED", payload: { status: input.status, reasons } }, actor: "system" },
          ...release.drafts,
        ],
        extras: {
          ...(input.status === "RETURNED" ? {} : { releaseLock: state.applicationId }),
          ...(release.reserve.length > 0 ? { reserve: release.reserve } : {}),
        },
      },
      result: { assessed, comments },
    };
  });
  deps.telemetry.info("case finalized", { caseId: input.caseId, status: state.status });
  await notifyOutcome(deps, state, recorded.assessed, recorded.comments);
  return { status: state.status };
}
