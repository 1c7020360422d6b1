import type { CaseState } from "../../../domain";
import type { Ports } from "../ports";
import { mayRead, QUEUE_STATUSES } from "./queries";

/** How many cases per status a page looks at: a page, not an export (the queue pages page properly). */
export const SEARCH_PER_STATUS = 200;

export interface CaseSearch {
  /** A case id, or part of an id or application id. */
  id?: string;
  /** Part of the borrower's name, any case. */
  borrower?: string;
  /** Submitted on or after / on or before these days (YYYY-MM-DD, UTC). */
  from?: string;
  to?: string;
  /** Only the caller's own submissions. */
  mine?: boolean;
}

const folded = (s: string) => s.trim().toLowerCase();

function matches(state: CaseState, q: CaseSearch, caller: string): boolean {
  if (q.mine && state.submittedBy !== caller) return false;
  if (q.id && !folded(`${state.caseId} ${state.applicationId}`).includes(folded(q.id))) return false;
  if (q.borrower && !folded(state.borrowerName).includes(folded(q.borrower))) return false;
  const day = state.createdAt.slice(0, 10);
  if (q.from && day < q.from) return false;
  if (q.to && day > q.to) return false;
  return true;
}

/**
 * The cases the caller may read that match the search, newest first, through the status index (never
 * a scan): each status's newest SEARCH_PER_STATUS cases.
 */
export async function searchCases(
  deps: Pick<Ports, "caseQueue" | "directory">,
  caller: string,
  q: CaseSearch,
): Promise<CaseState[]> {
  const found: CaseState[] = [];
  for (const status of QUEUE_STATUSES) {
    for (const state of await deps.caseQueue.listByStatus(status, SEARCH_PER_STATUS)) {
      if (matches(state, q, caller) && mayRead(deps, state, caller)) found.push(state);
    }
  }
  return found.sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0));
}
