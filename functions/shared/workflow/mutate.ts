import type { CaseEvent, CaseState, RecordedEvent } from "../../../domain";
import { TransientError, WorkflowError } from "./errors";
import type { CaseRepo, CaseWriteExtras } from "./ports";

export type Plan<T> =
  | { write: { drafts: { event: CaseEvent; actor: string }[]; extras?: CaseWriteExtras }; result: T }
  | { write: null; result: T };

const ATTEMPTS = 5;

/**
 * Load → decide → append under the case's event count, retried when another writer got there first:
 * the sequence number makes concurrent writers conflict instead of interleaving (DESIGN.md).
 */
export async function mutateCase<T>(
  cases: CaseRepo,
  caseId: string,
  plan: (current: { state: CaseState; events: RecordedEvent[] }) => Plan<T> | Promise<Plan<T>>,
): Promise<{ result: T; state: CaseState }> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const current = await cases.load(caseId);
    if (!current) throw new WorkflowError("CASE_NOT_FOUND", `case ${caseId} does not exist`);
    const p = await plan(current);
    if (p.write === null || p.write.drafts.length === 0) return { result: p.result, state: current.state };
    const appended = await cases.append(
      caseId,
      { state: current.state, count: current.state.eventCount, head: current.head },
      p.write.drafts,
      p.write.extras,
    );
    if (appended.ok) return { result: p.result, state: appended.state };
  }
  throw new TransientError(
    "CASE_WRITE_CONFLICT",
    `case ${caseId}: still conflicting after ${ATTEMPTS} attempts`,
  );
}
