import { type Application, assess, CodedError, getPolicy, type RecordedEvent } from "../../../domain";
import type { Deps, Writes } from "../ports";
import { checkAgainstBook } from "./book";
import { mutateCase } from "./mutate";

/** The assessment, the check against the book, and the case's reservation, in one transaction. */
export type AssessDeps = Deps<"cases" | "book"> & Writes<"bookReserve">;

/** The application of `caseVersion`, as submitted. */
export function latestApplication(events: RecordedEvent[], caseVersion: number): Application {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e?.type === "CASE_SUBMITTED" && e.payload.caseVersion === caseVersion) return e.payload.application;
  }
  throw new CodedError("APPLICATION_MISSING", `no CASE_SUBMITTED event for version ${caseVersion}`);
}

/**
 * Step "assess": runs the domain under the current policy and checks the case against the book under
 * the current portfolio plan (a breached cap is PORTFOLIO_LIMIT and routes to head office); a Lambda
 * retry reuses the recorded result.
 */
export async function assessStep(deps: AssessDeps, input: { caseId: string; caseVersion: number }) {
  const { result } = await mutateCase(deps, input.caseId, async ({ state, events }) => {
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
      const limits = recorded.payload.portfolio?.breaches.map((b) => b.cap) ?? [];
      return {
        write: null,
        result: { autoDeclined: a.autoDecline !== null, route: state.route, portfolioLimits: limits },
      };
    }
    const application = latestApplication(events, input.caseVersion);
    const assessment = assess(application, getPolicy());
    if (assessment.autoDecline !== null) {
      // Declined by policy: never lent, so neither checked against the book nor reserved.
      return {
        write: {
          drafts: [
            {
              event: { type: "CASE_ASSESSED", payload: { caseVersion: input.caseVersion, assessment } },
              actor: "system",
            },
          ],
        },
        result: { autoDeclined: true, route: assessment.route, portfolioLimits: [] as string[] },
      };
    }
    const { record, reserve, circle } = await checkAgainstBook(
      deps.book,
      input.caseId,
      application,
      assessment,
    );
    const portfolio = record;
    const routed =
      (record.breaches.length > 0 || circle !== undefined) && !assessment.route.includes("HEAD_OFFICE");
    return {
      write: {
        drafts: [
          {
            event: {
              type: "CASE_ASSESSED",
              payload: {
                caseVersion: input.caseVersion,
                assessment,
                portfolio,
                ...(circle ? { circle } : {}),
              },
            },
            actor: "system",
          },
        ],
        extras: { reserve },
      },
      result: {
        autoDeclined: false,
        route: routed ? [...assessment.route, "HEAD_OFFICE" as const] : assessment.route,
        portfolioLimits: record.breaches.map((b) => b.cap),
      },
    };
  });
  deps.telemetry.info("case assessed", { caseId: input.caseId, caseVersion: input.caseVersion, ...result });
  return result;
}
