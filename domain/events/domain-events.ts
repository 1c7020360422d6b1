import type { Application } from "../application/schema";
import type { Assessment, Stage } from "../assessment/types";
import type { AuditEvent } from "../audit/chain";
import { asRecorded } from "../audit/replay";
import { applyEvent } from "../case/fold";
import type { CaseState, CommitteeTally, RecordedEvent, StageOutcome } from "../case/types";
import { Dec } from "../decimal";

/**
 * What the bank's other systems are told: a few facts of a case's trail, named for what they mean to
 * a consumer. Each carries its trail event's case, seq and hash (and the previous hash), so a consumer
 * holding the audit export (GET /cases/{id}/audit) can check that what it received is what was
 * recorded; the id `<caseId>/<seq>` is unique, so a redelivery is recognised by it.
 *
 * This mapping is the one both runtimes use: the stream publisher on AWS and the webhook dispatcher of
 * the local runtime. It is pure: the trail in, the domain events out, in trail order.
 */

export const DOMAIN_EVENT_TYPES = [
  "CaseSubmitted",
  "CaseAssessed",
  "StageDecided",
  "CaseApproved",
  "CaseDeclined",
  "CaseReturned",
  "CaseStalled",
  "CaseWithdrawn",
] as const;
export type DomainEventType = (typeof DOMAIN_EVENT_TYPES)[number];

/** Bumped only for a change a consumer must adapt to; additions keep it. */
export const DOMAIN_EVENT_SPEC_VERSION = "1";
export const DOMAIN_EVENT_SOURCE = "sme-credit-approval";

export interface FacilityAmount {
  type: string;
  /** Decimal string, in the application's currency units. */
  amount: string;
  tenorMonths: number;
}

export interface DomainEventData {
  CaseSubmitted: {
    applicationId: string;
    branch: string;
    submittedBy: string;
    borrowerName: string;
    facilities: FacilityAmount[];
  };
  CaseAssessed: {
    policyVersion: string;
    route: Stage[];
    requestedTotal: string;
    maxLimit: string;
    exceptions: string[];
    autoDecline: string[] | null;
  };
  StageDecided: { stage: Stage; outcome: StageOutcome; tally?: CommitteeTally };
  CaseApproved: {
    applicationId: string;
    /** What was approved: the facilities of this case version, as requested. */
    facilities: FacilityAmount[];
    approvedTotal: string;
    /** The policy's conditions of approval, by code, with their words. */
    conditions: { code: string; message: string }[];
    /** Conditions the approvers attached, in their words. */
    approverConditions: { stage: Stage; approverId: string; text: string }[];
  };
  CaseDeclined: { applicationId: string; reasons: string[] };
  CaseReturned: { applicationId: string; reasons: string[] };
  CaseStalled: { stage: Stage; attempt: number };
  CaseWithdrawn: { applicationId: string; reason: string };
}

export type DomainEvent = {
  [T in DomainEventType]: {
    specVersion: typeof DOMAIN_EVENT_SPEC_VERSION;
    /** `<caseId>/<seq>`: the same fact always has the same id. */
    id: string;
    type: T;
    caseId: string;
    caseVersion: number;
    /** The trail event's sequence number within the case (1, 2, …): per case, in order. */
    seq: number;
    /** When the trail event was recorded (ISO-8601, UTC). */
    at: string;
    /** The trail event's hash and its predecessor's: the audit export's `hash` and `prevHash` of `seq`. */
    hash: string;
    prevHash: string;
    data: DomainEventData[T];
  };
}[DomainEventType];

/** What the mapping needs beyond the fold: the application and assessment of the current version. */
interface Context {
  state: CaseState | undefined;
  application: Application | undefined;
  assessment: Assessment | undefined;
}

const facilitiesOf = (app: Application | undefined): FacilityAmount[] =>
  (app?.facilities ?? []).map((f) => ({ type: f.type, amount: f.amount, tenorMonths: f.tenorMonths }));

/** The facilities' sum, in decimal (never a JS number), with two places. */
function total(facilities: FacilityAmount[]): string {
  return facilities.reduce((sum, f) => sum.plus(f.amount), new Dec(0)).toFixed(2);
}

function dataOf(e: RecordedEvent, ctx: Context, state: CaseState): [DomainEventType, unknown] | undefined {
  switch (e.type) {
    case "CASE_SUBMITTED": {
      const a = e.payload.application;
      return [
        "CaseSubmitted",
        {
          applicationId: a.applicationId,
          branch: a.branch,
          submittedBy: a.submittedBy,
          borrowerName: state.borrowerName,
          facilities: facilitiesOf(a),
        },
      ];
    }
    case "CASE_ASSESSED": {
      const a = e.payload.assessment;
      return [
        "CaseAssessed",
        {
          policyVersion: a.policyVersion,
          route: a.route,
          requestedTotal: a.requestedTotal,
          maxLimit: a.maxLimit,
          exceptions: state.assessment?.exceptions ?? [],
          autoDecline: a.autoDecline,
        },
      ];
    }
    case "STAGE_DECIDED":
      return [
        "StageDecided",
        {
          stage: e.payload.stage,
          outcome: e.payload.outcome,
          ...(e.payload.tally ? { tally: e.payload.tally } : {}),
        },
      ];
    case "CASE_STALLED":
      return ["CaseStalled", { stage: e.payload.stage, attempt: e.payload.attempt }];
    case "CASE_WITHDRAWN":
      return ["CaseWithdrawn", { applicationId: state.applicationId, reason: e.payload.reason }];
    case "CASE_FINALIZED": {
      const { applicationId } = state;
      if (e.payload.status === "DECLINED")
        return ["CaseDeclined", { applicationId, reasons: e.payload.reasons }];
      if (e.payload.status === "RETURNED")
        return ["CaseReturned", { applicationId, reasons: e.payload.reasons }];
      const facilities = facilitiesOf(ctx.application);
      return [
        "CaseApproved",
        {
          applicationId,
          facilities,
          approvedTotal: total(facilities),
          conditions: (ctx.assessment?.conditions ?? []).map((c) => ({ code: c.code, message: c.message })),
          approverConditions: (state.approverConditions ?? []).map((c) => ({
            stage: c.stage,
            approverId: c.approverId,
            text: c.text,
          })),
        },
      ];
    }
    default:
      return undefined;
  }
}

/**
 * The domain events of a trail (its events in seq order, from the first), in trail order. A consumer
 * that has delivered up to seq n takes those with `seq > n`.
 */
export function domainEvents(trail: readonly AuditEvent[]): DomainEvent[] {
  const out: DomainEvent[] = [];
  const ctx: Context = { state: undefined, application: undefined, assessment: undefined };
  for (const stored of trail) {
    const e = asRecorded(stored);
    const state = applyEvent(ctx.state, stored.caseId, e);
    if (e.type === "CASE_SUBMITTED") {
      ctx.application = e.payload.application;
      ctx.assessment = undefined;
    }
    if (e.type === "CASE_ASSESSED") ctx.assessment = e.payload.assessment;
    ctx.state = state;
    const mapped = dataOf(e, ctx, state);
    if (!mapped) continue;
    out.push({
      specVersion: DOMAIN_EVENT_SPEC_VERSION,
      id: `${stored.caseId}/${stored.seq}`,
      type: mapped[0],
      caseId: stored.caseId,
      caseVersion: state.caseVersion,
      seq: stored.seq,
      at: stored.at,
      hash: stored.hash,
      prevHash: stored.prevHash,
      data: mapped[1],
    } as DomainEvent);
  }
  return out;
}
