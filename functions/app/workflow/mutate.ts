import { type CaseEvent, CodedError, TransientError } from "../../../domain";
import type { CaseReader, CaseWriteExtras, CaseWriter, LoadedCase, WriteKind } from "../ports";

export type Plan<T> =
  | { write: { drafts: { event: CaseEvent; actor: string }[]; extras?: CaseWriteExtras }; result: T }
  | { write: null; result: T };

const ATTEMPTS = 5;

/**
 * Load → decide → append under the case's event count, retried when another writer got there first:
 * the sequence number makes concurrent writers conflict instead of interleaving (docs/architecture.md,
 * data model). `written` says whether this call recorded anything (a retried step finds its work done).
 * Still conflicting after a few rounds is a TransientError, which the state machine retries.
 */
export async function mutateCase<T, K extends WriteKind = never>(
  deps: { cases: CaseReader; caseWrites: CaseWriter<K> },
  caseId: string,
  plan: (current: LoadedCase) => Plan<T> | Promise<Plan<T>>,
): Promise<{ result: T; state: LoadedCase["state"]; written: boolean }> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const current = await deps.cases.load(caseId);
    if (!current) throw new CodedError("CASE_NOT_FOUND", `case ${caseId} does not exist`);
    const p = await plan(current);
    if (p.write === null || p.write.drafts.length === 0)
      return { result: p.result, state: current.state, written: false };
    const appended = await deps.caseWrites.append(
      caseId,
      { state: current.state, count: current.state.eventCount, head: current.head },
      p.write.drafts,
      p.write.extras,
    );
    if (appended.ok) return { result: p.result, state: appended.state, written: true };
  }
  throw new TransientError(
    "CASE_WRITE_CONFLICT",
    `case ${caseId}: still conflicting after ${ATTEMPTS} attempts`,
  );
}
