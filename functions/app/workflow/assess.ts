import { type Application, assess, CodedError, getPolicy, type RecordedEvent } from "../../../domain";
import type { Deps, Writes } from "../ports";
import { mutateCase } from "./mutate";

export type AssessDeps = Deps<"cases"> & Writes<never>;

function latestApplication(events: RecordedEvent[], caseVersion: number): Application {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e?.type === "CASE_SUBMITTED" && e.payload.caseVersion === caseVersion) return e.payload.application;
  }
  throw new CodedError("APPLICATION_MISSING", `no CASE_SUBMITTED event for version ${caseVersion}`);
}

/** Step "assess": runs the domain under the current policy; a Lambda retry reuses the recorded result. */
export async function assessStep(deps: AssessDeps, input: { caseId: string; caseVersion: number }) {
  const { result } = await mutateCase(deps, input.caseId, ({ state, events }) => {
    if (state.caseVersion !== input.caseVersion) {
      throw new CodedError(
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
  deps.telemetry.info("case assessed", { caseId: input.caseId, caseVersion: input.caseVersion, ...result });
  return result;
}
