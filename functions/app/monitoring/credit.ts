import type { AuditEvent, EventDraft } from "../../../domain/audit/chain";
import type { CaseState, RecordedEvent } from "../../../domain/case/types";
import {
  type CreditEvent,
  type CreditState,
  covenantsFor,
  foldCreditEvents,
  hasMonitoring,
  type RecordedCreditEvent,
  SECONDS_PER_DAY,
  SYSTEM_ACTOR,
} from "../../../domain/monitoring";
import { DEFAULT_POLICY_ID, getPolicy } from "../../../domain/policy/registry";

/** A credit's stored events as the domain folds them (the chain fields stay with the stored ones). */
export function asCreditEvents(events: readonly AuditEvent[]): RecordedCreditEvent[] {
  return events.map(
    (e) =>
      ({ type: e.type, payload: e.payload, seq: e.seq, at: e.at, actor: e.actor }) as RecordedCreditEvent,
  );
}

export function foldCredit(creditId: string, events: readonly AuditEvent[]): CreditState | undefined {
  return foldCreditEvents(creditId, asCreditEvents(events));
}

export function creditDraft(event: CreditEvent, at: string, actor: string): EventDraft {
  return { type: event.type, at, actor, payload: event.payload as unknown as Record<string, unknown> };
}

/**
 * The version monitoring runs under for a credit: its assessment's, when that version has a
 * monitoring section; otherwise the default (2026.1 has none, and a credit approved under it is still
 * watched, under the rules in force).
 */
export function monitoringVersionFor(state: CaseState): string {
  const assessed = state.assessment?.policyVersion;
  return assessed && hasMonitoring(getPolicy(assessed)) ? assessed : DEFAULT_POLICY_ID;
}

/**
 * CREDIT_OPENED for an approved case, from its trail: the approved limit (the requested total, which
 * an approval grants), the covenants its approval's conditions carry, and the length of a policy day
 * on this credit's clocks (`secondsPerDay`: shorter under a test time scale).
 */
export function creditOpened(
  state: CaseState,
  caseEvents: readonly RecordedEvent[],
  secondsPerDay: number = SECONDS_PER_DAY,
): CreditEvent {
  const policyVersion = monitoringVersionFor(state);
  const limit = state.assessment?.requestedTotal ?? "0.00";
  const submitted = caseEvents.filter((e) => e.type === "CASE_SUBMITTED").at(-1);
  const partyId =
    submitted?.type === "CASE_SUBMITTED" ? (submitted.payload.application.borrower.partyId ?? null) : null;
  return {
    type: "CREDIT_OPENED",
    payload: {
      caseId: state.caseId,
      partyId,
      borrowerName: state.borrowerName,
      branch: state.branch,
      relationshipManager: state.submittedBy,
      approvedLimit: limit,
      covenants: covenantsFor(state.assessment?.conditions ?? [], limit, getPolicy(policyVersion)),
      policyVersion,
      secondsPerDay,
    },
  };
}

export { SYSTEM_ACTOR };
