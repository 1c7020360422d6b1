import {
  type Application,
  type CaseState,
  type InputProblem,
  OPEN_STATUSES,
  parseApplication,
  workflowRunName,
} from "../../../domain";
import { type Deps, METRICS, type Writes } from "../ports";
import { mutateCase } from "./mutate";

/** A new case takes its application's lock; a case the engine refuses gives its lock back. */
export type SubmitDeps = Deps<"cases" | "directory" | "workflowStarts"> & Writes<"lockTake" | "lockRelease">;
/** A resubmission keeps the lock its RETURNED case still holds, and gives it back if the engine refuses. */
export type ResubmitDeps = Deps<"cases" | "directory" | "workflowStarts"> & Writes<"lockRelease">;

export type SubmitOutcome =
  | { kind: "CREATED"; caseId: string; caseVersion: number; status: string }
  | { kind: "INVALID"; errors: InputProblem[] }
  | { kind: "FORBIDDEN"; message: string }
  | { kind: "CONFLICT"; message: string; caseId?: string }
  | { kind: "NOT_FOUND"; message: string }
  | { kind: "ENGINE_UNAVAILABLE"; caseId: string; message: string };

/** Starts the workflow; if the engine refuses, the case records why instead of silently waiting forever. */
async function start(deps: ResubmitDeps, state: CaseState): Promise<SubmitOutcome> {
  const ids = { caseId: state.caseId, caseVersion: state.caseVersion };
  try {
    await deps.workflowStarts.startExecution(workflowRunName(state), ids);
    deps.telemetry.info("case submitted", { ...ids, applicationId: state.applicationId });
    deps.telemetry.metric(METRICS.casesSubmitted, "Count", 1);
    return { kind: "CREATED", caseId: state.caseId, caseVersion: state.caseVersion, status: state.status };
  } catch (e) {
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    deps.telemetry.error("the workflow engine refused the case; recording it as FAILED", ids, e);
    await mutateCase(deps, state.caseId, (c) => ({
      write: {
        drafts: [
          {
            event: { type: "WORKFLOW_FAILED", payload: { error: "START_EXECUTION_FAILED", cause: message } },
            actor: "system",
          },
        ],
        extras: { releaseLock: c.state.applicationId },
      },
      result: undefined,
    }));
    return {
      kind: "ENGINE_UNAVAILABLE",
      caseId: state.caseId,
      message: "the workflow engine did not accept the case; it is recorded as FAILED",
    };
  }
}

/**
 * The application with `submittedBy` in the directory's spelling, so `RM.Chen` in the body matches
 * the caller `rm.chen` and the trail records one id for one person.
 */
function asSubmittedBy(deps: Pick<SubmitDeps, "directory">, app: Application): Application {
  const canonical = deps.directory.canonicalId(app.submittedBy);
  return canonical === undefined || canonical === app.submittedBy ? app : { ...app, submittedBy: canonical };
}

/** POST /cases: a new case for an application the caller submits in their own name. */
export async function submitCase(deps: SubmitDeps, body: unknown, caller: string): Promise<SubmitOutcome> {
  const parsed = parseApplication(body);
  if (!parsed.ok) return { kind: "INVALID", errors: parsed.error };
  const app = asSubmittedBy(deps, parsed.value);
  if (app.submittedBy !== caller) {
    return { kind: "FORBIDDEN", message: `submittedBy "${app.submittedBy}" is not the caller "${caller}"` };
  }
  if (!deps.directory.hasRole(caller, app.branch, "RM")) {
    return { kind: "FORBIDDEN", message: `${caller} is not a relationship manager of branch ${app.branch}` };
  }
  const caseId = deps.newId("CASE");
  const appended = await deps.caseWrites.append(
    caseId,
    { state: undefined, count: 0 },
    [{ event: { type: "CASE_SUBMITTED", payload: { caseVersion: 1, application: app } }, actor: caller }],
    { takeLock: app.applicationId },
  );
  if (!appended.ok) {
    return { kind: "CONFLICT", message: `application ${app.applicationId} already has an open case` };
  }
  return start(deps, appended.state);
}

/** PUT /cases/{id}: a RETURNED case comes back, revised, as its next version. */
export async function resubmitCase(
  deps: ResubmitDeps,
  caseId: string,
  body: unknown,
  caller: string,
): Promise<SubmitOutcome> {
  const parsed = parseApplication(body);
  if (!parsed.ok) return { kind: "INVALID", errors: parsed.error };
  const app = asSubmittedBy(deps, parsed.value);
  const current = await deps.cases.load(caseId);
  if (!current) return { kind: "NOT_FOUND", message: `no case ${caseId}` };
  const s = current.state;
  if (s.submittedBy !== caller || app.submittedBy !== caller) {
    return { kind: "FORBIDDEN", message: `only ${s.submittedBy}, who submitted the case, may resubmit it` };
  }
  if (app.applicationId !== s.applicationId) {
    return {
      kind: "INVALID",
      errors: [{ path: "$.applicationId", message: `must stay ${s.applicationId} for this case` }],
    };
  }
  if (s.status !== "RETURNED") {
    return {
      kind: "CONFLICT",
      caseId,
      message: `case ${caseId} is ${s.status}; only a RETURNED case can be resubmitted`,
    };
  }
  const caseVersion = s.caseVersion + 1;
  const appended = await deps.caseWrites.append(caseId, { state: s, count: s.eventCount }, [
    { event: { type: "CASE_SUBMITTED", payload: { caseVersion, application: app } }, actor: caller },
  ]);
  if (!appended.ok)
    return { kind: "CONFLICT", caseId, message: `case ${caseId} changed meanwhile; reload and retry` };
  return start(deps, appended.state);
}

export function isOpen(state: CaseState): boolean {
  return OPEN_STATUSES.includes(state.status);
}
