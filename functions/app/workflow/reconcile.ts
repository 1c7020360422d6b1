import {
  type CaseState,
  diagnose,
  IN_FLIGHT_STATUSES,
  type PendingApprovalFact,
  type RecoveryAction,
  workflowRunName,
} from "../../../domain";
import { type Deps, METRICS, type Writes } from "../ports";
import { sendUnmailed } from "./notify";
import type { RecoverySettings } from "./recovery-settings";

/**
 * The reconciler reads cases in flight and their runs and approvals, appends CASE_RECOVERED, mails
 * again what was never sent, and stops or restarts runs.
 */
export type ReconcileDeps = Deps<
  | "cases"
  | "caseQueue"
  | "approvals"
  | "directory"
  | "mailer"
  | "mailMarks"
  | "links"
  | "site"
  | "workflowStarts"
  | "workflowRuns"
> &
  Writes<never>;

/** The actor recorded on the events the reconciler writes. */
export const RECONCILER = "reconciler";

export interface Repair {
  caseId: string;
  action: RecoveryAction["action"];
  reason: string;
  /** The run that now serves the case (after a restart). */
  run?: string;
}

export interface ReconcileReport {
  examined: number;
  repairs: Repair[];
  /** Cases the reconciler could not examine or repair this time (the next run tries again). */
  failures: { caseId: string; error: string }[];
}

async function pendingFacts(deps: Deps<"approvals">, state: CaseState): Promise<PendingApprovalFact[]> {
  return Promise.all(
    state.pendingApprovals.map(async ({ approvalId }) => {
      const a = await deps.approvals.get(approvalId);
      return { approvalId, pending: a?.status === "PENDING", mailed: a?.mailedAt !== undefined };
    }),
  );
}

/**
 * One case: diagnose it from its trail, its run and its approvals, then repair what the diagnosis
 * names. The repair's event is appended first, conditional on the case not having moved since it was
 * read: a case that moved was not stuck, and a crash after the event only delays the repair to the
 * next run (which sees the recorded run missing and restarts again under a new name).
 */
async function reconcileCase(
  deps: ReconcileDeps,
  settings: RecoverySettings,
  caseId: string,
): Promise<Repair | undefined> {
  const loaded = await deps.cases.load(caseId);
  if (!loaded) return undefined;
  const { state } = loaded;
  const currentRun = workflowRunName(state);
  const diagnosis = diagnose({
    state,
    run: await deps.workflowRuns.status(currentRun),
    pending: await pendingFacts(deps, state),
    now: deps.now(),
    stuckAfterSeconds: settings.stuckAfterSeconds,
  });
  if (diagnosis.kind === "HEALTHY" || diagnosis.kind === "TOO_RECENT") return undefined;

  const action: RecoveryAction =
    diagnosis.kind === "RESEND_MAIL"
      ? { action: "MAIL_RESENT", reason: diagnosis.reason, approvalIds: diagnosis.approvalIds }
      : { action: "WORKFLOW_RESTARTED", reason: diagnosis.reason, run: state.workflowRun + 1 };
  const appended = await deps.caseWrites.append(caseId, { state, count: state.eventCount }, [
    { event: { type: "CASE_RECOVERED", payload: action }, actor: RECONCILER },
  ]);
  if (!appended.ok) return undefined;

  if (diagnosis.kind === "RESEND_MAIL") {
    await sendUnmailed(deps, appended.state, diagnosis.approvalIds);
    return { caseId, action: action.action, reason: diagnosis.reason };
  }
  if (diagnosis.stopCurrent) await deps.workflowRuns.stop(currentRun, `reconciler: ${diagnosis.reason}`);
  const run = workflowRunName(appended.state);
  await deps.workflowStarts.startExecution(run, { caseId, caseVersion: state.caseVersion });
  return { caseId, action: action.action, reason: diagnosis.reason, run };
}

/**
 * Every case in flight (through the status index), each checked against "a running step, or an open
 * stage with a mailed pending approver, or a final status", and repaired with a recorded event when
 * it has none. One case failing does not stop the others.
 */
export async function reconcileCases(
  deps: ReconcileDeps,
  settings: RecoverySettings,
): Promise<ReconcileReport> {
  const report: ReconcileReport = { examined: 0, repairs: [], failures: [] };
  const cutoff = deps.now().getTime() - settings.stuckAfterSeconds * 1000;
  for (const status of IN_FLIGHT_STATUSES) {
    for await (const candidate of deps.caseQueue.allByStatus(status)) {
      report.examined++;
      // The index's copy is enough to pass over what changed recently; the trail decides the rest.
      if (Date.parse(candidate.updatedAt) > cutoff) continue;
      try {
        const repair = await reconcileCase(deps, settings, candidate.caseId);
        if (repair) {
          // Loud on purpose: a repair means a crash or an outage left this case stuck.
          deps.telemetry.error("reconciler repaired a stuck case", { ...repair });
          report.repairs.push(repair);
        }
      } catch (e) {
        deps.telemetry.error(
          "reconciler could not examine or repair a case",
          { caseId: candidate.caseId },
          e,
        );
        report.failures.push({
          caseId: candidate.caseId,
          error: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
        });
      }
    }
  }
  deps.telemetry.metric(METRICS.casesRepaired, "Count", report.repairs.length);
  deps.telemetry.info("reconciled the cases in flight", {
    examined: report.examined,
    repaired: report.repairs.length,
    failed: report.failures.length,
  });
  return report;
}
