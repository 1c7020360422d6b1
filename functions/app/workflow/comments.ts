import type { RecordedEvent } from "../../../domain";

export interface DecisionComment {
  caseVersion: number;
  stage: string;
  approverId: string;
  decision: string;
  comment: string;
  at: string;
}

/**
 * Every approver's decision with its comment, by the case version it was made on: why a case was
 * returned is in these words, not in the reason codes.
 */
export function decisionComments(events: readonly RecordedEvent[]): DecisionComment[] {
  let caseVersion = 0;
  const out: DecisionComment[] = [];
  for (const e of events) {
    if (e.type === "CASE_SUBMITTED") caseVersion = e.payload.caseVersion;
    if (e.type === "DECISION_RECORDED")
      out.push({
        caseVersion,
        stage: e.payload.stage,
        approverId: e.payload.approverId,
        decision: e.payload.decision,
        comment: e.payload.comment,
        at: e.at,
      });
  }
  return out;
}

/** The application of the case's latest version, as submitted: what "edit and resubmit" starts from. */
export function latestApplication(events: readonly RecordedEvent[]) {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e?.type === "CASE_SUBMITTED") return e.payload.application;
  }
  return undefined;
}

/** When the open stage's time runs out: its last opening plus its SLA. */
export function stageDueAt(events: readonly RecordedEvent[]): string | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e?.type === "STAGE_OPENED")
      return e.payload.slaSeconds > 0
        ? new Date(Date.parse(e.at) + e.payload.slaSeconds * 1000).toISOString()
        : undefined;
  }
  return undefined;
}
