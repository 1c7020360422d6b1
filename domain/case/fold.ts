import type { Assessment } from "../assessment/types";
import { DomainError } from "../errors";
import type { AssessmentSummary, AssignedApproval, CaseState, RecordedEvent, StageRecord } from "./types";

export function summarize(a: Assessment): AssessmentSummary {
  return {
    policyVersion: a.policyVersion,
    salesGrade: a.salesGrade,
    clientGrade: a.clientGrade,
    score: a.score,
    rating: a.rating,
    pdBand: a.pdBand,
    maxLimit: a.maxLimit,
    requestedTotal: a.requestedTotal,
    minCoverage: a.minCoverage,
    securedValue: a.securedValue,
    collateralSupportedLimit: a.collateralSupportedLimit,
    exceptions: a.exceptions.map((e) => e.code),
    // Assessments recorded without conditions keep folding to the projection they always gave.
    ...(a.conditions === undefined ? {} : { conditions: a.conditions.map((c) => c.code) }),
    autoDecline: a.autoDecline,
  };
}

/** The assessment recorded for a version of the case, with its messages (the projection keeps codes). */
export function recordedAssessment(
  events: readonly RecordedEvent[],
  caseVersion: number,
): Assessment | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e?.type === "CASE_ASSESSED" && e.payload.caseVersion === caseVersion) return e.payload.assessment;
  }
  return undefined;
}

function withStage(
  state: CaseState,
  stage: StageRecord["stage"],
  update: (s: StageRecord) => StageRecord,
): StageRecord[] {
  return state.stages.map((s) => (s.stage === stage ? update(s) : s));
}

/**
 * Applies one recorded event to the projection. Pure: replaying every event of a case from the first
 * gives its current state, which is how the STATE item is rebuilt and how auditors replay a case.
 */
export function applyEvent(state: CaseState | undefined, caseId: string, e: RecordedEvent): CaseState {
  if (e.type === "CASE_SUBMITTED") {
    const app = e.payload.application;
    return {
      caseId,
      applicationId: app.applicationId,
      branch: app.branch,
      submittedBy: app.submittedBy,
      borrowerName: app.borrower.name,
      caseVersion: e.payload.caseVersion,
      status: "SUBMITTED",
      stalled: false,
      route: [],
      currentStage: null,
      stages: [],
      pendingApprovals: [],
      assessment: null,
      reasons: [],
      workflowRun: 0,
      createdAt: state?.createdAt ?? e.at,
      updatedAt: e.at,
      eventCount: e.seq,
    };
  }
  if (!state) throw new DomainError("CASE_EVENT_ORDER", `${e.type} before CASE_SUBMITTED in case ${caseId}`);
  const next: CaseState = { ...state, updatedAt: e.at, eventCount: e.seq };
  switch (e.type) {
    case "CASE_ASSESSED": {
      const a = e.payload.assessment;
      const limits = e.payload.portfolio?.breaches.map((b) => b.cap) ?? [];
      const circle = e.payload.circle !== undefined;
      // A cap the case would breach, or a circle across the book, is an exception: it reaches head
      // office like every other one.
      const route =
        (limits.length > 0 || circle) && !a.route.includes("HEAD_OFFICE")
          ? [...a.route, "HEAD_OFFICE" as const]
          : a.route;
      let summary = summarize(a);
      if (limits.length > 0) summary = withException(summary, "PORTFOLIO_LIMIT");
      if (circle) summary = withException(summary, "GUARANTEE_CIRCLE");
      return {
        ...next,
        assessment: summary,
        route,
        stages: route.map((stage) => ({ stage, outcome: null, attempt: 0, approvers: [], decidedBy: [] })),
        status: a.autoDecline ? next.status : "IN_APPROVAL",
        ...(e.payload.portfolio
          ? { book: { planId: e.payload.portfolio.planId, state: "RESERVED" as const, limits } }
          : { book: undefined }),
      };
    }
    case "EXPOSURE_COMMITTED":
      return next.book ? { ...next, book: { ...next.book, state: "COMMITTED" } } : next;
    case "PORTFOLIO_COMMIT_REFUSED": {
      const caps = e.payload.refused.map((b) => b.cap);
      const route = next.route.includes("HEAD_OFFICE") ? next.route : [...next.route, "HEAD_OFFICE" as const];
      const known = next.stages.some((s) => s.stage === "HEAD_OFFICE");
      const stages = known
        ? next.stages
        : [
            ...next.stages,
            { stage: "HEAD_OFFICE" as const, outcome: null, attempt: 0, approvers: [], decidedBy: [] },
          ];
      return {
        ...next,
        route,
        assessment: next.assessment ? withException(next.assessment, "PORTFOLIO_LIMIT") : null,
        // Head office decides again, knowing: its earlier approval did not reach the book, so the
        // stage starts afresh and whoever approved it may decide again.
        stages: stages.map((s) => (s.stage === "HEAD_OFFICE" ? { ...s, outcome: null, decidedBy: [] } : s)),
        book: next.book
          ? { ...next.book, limits: [...new Set([...next.book.limits, ...caps])] }
          : { planId: e.payload.planId, state: "RESERVED", limits: caps },
      };
    }
    case "RESERVATION_RELEASED":
      return next.book ? { ...next, book: { ...next.book, state: "RELEASED" } } : next;
    case "STAGE_OPENED":
      return {
        ...next,
        status: next.stalled ? "STALLED" : "IN_APPROVAL",
        currentStage: e.payload.stage,
        pendingApprovals: e.payload.approvals,
        stages: withStage(next, e.payload.stage, (s) => ({
          ...s,
          attempt: e.payload.attempt,
          approvers: [...s.approvers, ...e.payload.approvals.map((a) => a.approverId)],
        })),
      };
    case "TASK_REBOUND":
      return next;
    case "DECISION_RECORDED": {
      const { stage, approverId, onBehalfOf, withConditions, comment } = e.payload;
      // Fields a delegate or conditions add exist only then: earlier decisions fold as they always did.
      return {
        ...next,
        pendingApprovals: withoutApproval(next, e.payload.approvalId),
        stages: withStage(next, stage, (s) => ({
          ...s,
          decidedBy: [...s.decidedBy, approverId],
          ...(onBehalfOf === undefined ? {} : { onBehalfOf: [...(s.onBehalfOf ?? []), onBehalfOf] }),
        })),
        ...(withConditions
          ? {
              approverConditions: [
                ...(next.approverConditions ?? []),
                { stage, approverId, ...(onBehalfOf === undefined ? {} : { onBehalfOf }), text: comment },
              ],
            }
          : {}),
      };
    }
    case "STAGE_DECIDED":
      return {
        ...next,
        pendingApprovals: [],
        stalled: false,
        status: "IN_APPROVAL",
        stages: withStage(next, e.payload.stage, (s) => ({ ...s, outcome: e.payload.outcome })),
      };
    case "STAGE_REASSIGNED":
      return {
        ...next,
        pendingApprovals: [],
        stages: withStage(next, e.payload.stage, (s) => ({
          ...s,
          attempt: Math.max(s.attempt, e.payload.attempt),
        })),
      };
    case "CASE_STALLED":
      return { ...next, stalled: true, status: "STALLED" };
    case "CASE_FINALIZED":
      return {
        ...next,
        status: e.payload.status,
        reasons: e.payload.reasons,
        currentStage: null,
        pendingApprovals: [],
        stalled: false,
      };
    case "WORKFLOW_FAILED":
      return { ...next, status: "FAILED", reasons: [e.payload.error], pendingApprovals: [] };
    case "CASE_RECOVERED":
      return e.payload.action === "WORKFLOW_RESTARTED" ? { ...next, workflowRun: e.payload.run } : next;
    case "ABSTENTION_RECORDED":
    case "RECUSAL_RECORDED": {
      const list = e.type === "ABSTENTION_RECORDED" ? "abstained" : "recused";
      return {
        ...next,
        pendingApprovals: withoutApproval(next, e.payload.approvalId),
        stages: withStage(next, e.payload.stage, (s) => ({
          ...s,
          [list]: [...(s[list] ?? []), e.payload.approverId],
        })),
      };
    }
    case "REMINDER_SENT":
    case "DOCUMENT_ATTACHED":
      // Neither is a step of the case (a reminder is a mail; documents are listed from the trail): the
      // projection only notes that an event was added.
      return next;
    case "APPROVAL_REASSIGNED": {
      const { from, to } = e.payload;
      const kept = from === null ? next.pendingApprovals : withoutApproval(next, from.approvalId);
      return {
        ...next,
        pendingApprovals: [...kept, to],
        stages: withStage(next, e.payload.stage, (s) => ({
          ...s,
          approvers: [...s.approvers, to.approverId],
        })),
      };
    }
    case "SLA_EXTENDED":
      return {
        ...next,
        stages: withStage(next, e.payload.stage, (s) => ({
          ...s,
          extendedBySeconds: (s.extendedBySeconds ?? 0) + e.payload.bySeconds,
        })),
      };
    case "CASE_WITHDRAWN":
      return {
        ...next,
        status: "WITHDRAWN",
        reasons: [e.payload.reason],
        currentStage: null,
        pendingApprovals: [],
        stalled: false,
      };
  }
}

function withException(summary: AssessmentSummary, code: string): AssessmentSummary {
  return summary.exceptions.includes(code)
    ? summary
    : { ...summary, exceptions: [...summary.exceptions, code] };
}

function withoutApproval(state: CaseState, approvalId: string): AssignedApproval[] {
  return state.pendingApprovals.filter((p) => p.approvalId !== approvalId);
}

export function foldEvents(caseId: string, events: RecordedEvent[]): CaseState | undefined {
  let state: CaseState | undefined;
  for (const e of events) state = applyEvent(state, caseId, e);
  return state;
}
