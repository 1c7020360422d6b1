import {
  type Application,
  type CaseState,
  foldEvents,
  type InputProblem,
  OPEN_STATUSES,
  parseApplication,
  workflowRunName,
} from "../../../domain";
import { canonicalJson, sha256Hex } from "../../../domain/canonical-json";
import { type Deps, type LoadedCase, METRICS, type Writes } from "../ports";
import { mutateCase } from "./mutate";

/** A new case takes its application's lock; a case the engine refuses gives its lock back. */
export type SubmitDeps = Deps<"cases" | "directory" | "workflowStarts" | "idempotencyKeys"> &
  Writes<"lockTake" | "lockRelease" | "idempotencyRecord">;
/** A resubmission keeps the lock its RETURNED case still holds, and gives it back if the engine refuses. */
export type ResubmitDeps = Deps<"cases" | "directory" | "workflowStarts"> & Writes<"lockRelease">;

export type SubmitOutcome =
  | { kind: "CREATED"; caseId: string; caseVersion: number; status: string }
  | { kind: "INVALID"; errors: InputProblem[] }
  | { kind: "FORBIDDEN"; message: string }
  | { kind: "CONFLICT"; message: string; caseId?: string }
  | { kind: "NOT_FOUND"; message: string }
  | { kind: "ENGINE_UNAVAILABLE"; caseId: string; message: string }
  /** The Idempotency-Key was used before with another request: nothing was stored. */
  | { kind: "KEY_REUSED"; message: string };

/** A submission's outcome, and whether it is the replay of an earlier one with the same Idempotency-Key. */
export type KeyedOutcome = SubmitOutcome & { replayed?: true };

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
    return { kind: "ENGINE_UNAVAILABLE", caseId: state.caseId, message: ENGINE_REFUSED };
  }
}

const ENGINE_REFUSED = "the workflow engine did not accept the case; it is recorded as FAILED";

/**
 * The application with `submittedBy` in the directory's spelling, so `RM.Chen` in the body matches
 * the caller `rm.chen` and the trail records one id for one person.
 */
function asSubmittedBy(deps: Pick<SubmitDeps, "directory">, app: Application): Application {
  const canonical = deps.directory.canonicalId(app.submittedBy);
  return canonical === undefined || canonical === app.submittedBy ? app : { ...app, submittedBy: canonical };
}

/** POST /cases: a new case for an application the caller submits in their own name. */
export async function submitCase(
  deps: SubmitDeps,
  body: unknown,
  caller: string,
  idempotencyKey?: string,
): Promise<KeyedOutcome> {
  const requestHash = sha256Hex(canonicalJson(body));
  if (idempotencyKey !== undefined) {
    const earlier = await replay(deps, caller, idempotencyKey, requestHash);
    if (earlier) return earlier;
  }
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
    {
      takeLock: app.applicationId,
      ...(idempotencyKey === undefined ? {} : { idempotency: { caller, key: idempotencyKey, requestHash } }),
    },
  );
  if (!appended.ok) {
    // A concurrent request with the same key may have won the race: its answer is this one's too.
    const earlier =
      idempotencyKey === undefined ? undefined : await replay(deps, caller, idempotencyKey, requestHash);
    return (
      earlier ?? { kind: "CONFLICT", message: `application ${app.applicationId} already has an open case` }
    );
  }
  return start(deps, appended.state);
}

/**
 * The answer the first request with this key got, rebuilt from its case's trail (the key and the
 * case's first event were written together, so the case exists): 201 with version 1 and the status it
 * had then, or 503 when the engine refused it then. Undefined when the key is new.
 */
async function replay(
  deps: Pick<SubmitDeps, "idempotencyKeys" | "cases">,
  caller: string,
  key: string,
  requestHash: string,
): Promise<KeyedOutcome | undefined> {
  const recorded = await deps.idempotencyKeys.find(caller, key);
  if (!recorded) return undefined;
  if (recorded.requestHash !== requestHash) {
    return {
      kind: "KEY_REUSED",
      message: `Idempotency-Key "${key}" was already used with a different request body (case ${recorded.caseId}); use a new key for a new submission`,
    };
  }
  const loaded = await deps.cases.load(recorded.caseId);
  return loaded ? { ...firstAnswer(loaded), replayed: true } : undefined;
}

function firstAnswer({ state, events }: LoadedCase): SubmitOutcome {
  const [submitted, next] = events;
  if (next?.type === "WORKFLOW_FAILED" && next.payload.error === "START_EXECUTION_FAILED") {
    return { kind: "ENGINE_UNAVAILABLE", caseId: state.caseId, message: ENGINE_REFUSED };
  }
  const first = submitted ? foldEvents(state.caseId, [submitted]) : undefined;
  return { kind: "CREATED", caseId: state.caseId, caseVersion: 1, status: first?.status ?? state.status };
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
