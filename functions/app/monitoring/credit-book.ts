import { type CreditState, creditStateAt } from "../../../domain/monitoring";
import type { Deps } from "../ports";
import { asCreditEvents } from "./credit";

/**
 * Whether `caller` reads this credit: its relationship manager, credit administration and head office
 * of its branch, the bank's auditors.
 */
export function readsCredit(
  deps: Pick<Deps<"directory">, "directory">,
  state: CreditState,
  caller: string,
): boolean {
  const d = deps.directory;
  return (
    caller === state.relationshipManager ||
    d.hasRole(caller, state.branch, "CREDIT_ADMIN") ||
    d.hasRole(caller, state.branch, "HEAD_OFFICE") ||
    d.hasRole(caller, state.branch, "AUDITOR")
  );
}

/**
 * Every monitored credit the caller reads, as it stood at `at`: the approved cases through the status
 * index (never a scan), each credit folded from its own trail. One query per approved case: fine for
 * a bank's monitored book page by page; a credit index is the step after this if the book grows.
 */
export async function readableCredits(
  deps: Deps<"caseQueue" | "credits" | "directory">,
  caller: string,
  at: string,
): Promise<CreditState[]> {
  const out: CreditState[] = [];
  for await (const c of deps.caseQueue.allByStatus("APPROVED")) {
    const events = await deps.credits.events(c.caseId);
    if (events.length === 0) continue;
    const state = creditStateAt(c.caseId, asCreditEvents(events), at);
    if (state && readsCredit(deps, state, caller)) out.push(state);
  }
  return out;
}
