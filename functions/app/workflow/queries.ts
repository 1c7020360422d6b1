import { CASE_STATUSES, type CaseState, type CaseStatus, type RecordedEvent } from "../../../domain";
import type { Ports } from "../ports";

/** Every status is a queue credit administration can list. */
export const QUEUE_STATUSES: readonly CaseStatus[] = CASE_STATUSES;

/**
 * Who may read a case: its submitter, anyone who was asked to approve it, credit administration of
 * its branch, and the bank's auditors (every case: replaying histories is their job).
 */
export function mayRead(deps: Pick<Ports, "directory">, state: CaseState, caller: string): boolean {
  if (caller === state.submittedBy) return true;
  if (state.stages.some((s) => s.approvers.includes(caller))) return true;
  if (deps.directory.hasRole(caller, state.branch, "AUDITOR")) return true;
  return deps.directory.creditAdmins(state.branch).includes(caller);
}

/**
 * The newest `limit` cases in `status` that `caller` may read. The caller's filter runs before the
 * page is cut, going through the status index page by page: cutting first gave a credit admin of one
 * branch an empty page whenever another branch had newer cases in that status.
 */
export async function readableQueue(
  deps: Pick<Ports, "caseQueue" | "directory">,
  caller: string,
  status: CaseStatus,
  limit: number,
): Promise<CaseState[]> {
  const cases: CaseState[] = [];
  if (limit < 1) return cases;
  for await (const state of deps.caseQueue.allByStatus(status)) {
    if (!mayRead(deps, state, caller)) continue;
    cases.push(state);
    if (cases.length === limit) break;
  }
  return cases;
}

export function caseView(state: CaseState) {
  return {
    caseId: state.caseId,
    applicationId: state.applicationId,
    caseVersion: state.caseVersion,
    status: state.status,
    stalled: state.stalled,
    stage: state.currentStage,
    branch: state.branch,
    submittedBy: state.submittedBy,
    borrowerName: state.borrowerName,
    route: state.route,
    stages: state.stages,
    pendingApprovers: state.pendingApprovals.map((p) => p.approverId),
    assessment: state.assessment,
    reasons: state.reasons,
    createdAt: state.createdAt,
    updatedAt: state.updatedAt,
  };
}

export function historyView(events: RecordedEvent[]) {
  return events.map((e) => ({ seq: e.seq, type: e.type, at: e.at, actor: e.actor, payload: e.payload }));
}
