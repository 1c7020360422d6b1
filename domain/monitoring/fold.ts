import { Dec, moneyDown } from "../decimal";
import { DomainError } from "../errors";
import type { RecordedCreditEvent } from "./credit-events";
import type { CreditState } from "./credit-state";
import { higherTier } from "./types";

type Recorded<T extends RecordedCreditEvent["type"]> = Extract<RecordedCreditEvent, { type: T }>;

function opened(creditId: string, e: Recorded<"CREDIT_OPENED">): CreditState {
  const p = e.payload;
  return {
    creditId,
    caseId: p.caseId,
    partyId: p.partyId,
    borrowerName: p.borrowerName,
    branch: p.branch,
    relationshipManager: p.relationshipManager,
    policyVersion: p.policyVersion,
    secondsPerDay: p.secondsPerDay,
    limit: p.approvedLimit,
    covenants: p.covenants,
    lastSnapshot: null,
    snapshotDates: [],
    tier: null,
    tierHistory: [],
    warning: null,
    classification: { category: "normal", at: null },
    classificationHistory: [],
    proposal: null,
    classificationWindow: null,
    circleDefault: null,
    exitPlan: null,
    eventCount: e.seq,
    updatedAt: e.at,
  };
}

/**
 * A snapshot's warning, raising nothing by itself (WARNING_RAISED does). The latest snapshot is the one
 * with the latest `asOf` (a late-arriving older one does not replace it). A flagged circle default the
 * evaluation used is spent.
 */
function snapshotRecorded(s: CreditState, e: Recorded<"SNAPSHOT_RECORDED">): CreditState {
  const { snapshot, warning } = e.payload;
  const usedCircle = warning.signals.some((x) => x.code === "CIRCLE_DEFAULT");
  const older = s.lastSnapshot !== null && snapshot.asOf < s.lastSnapshot.asOf;
  return {
    ...s,
    lastSnapshot: older
      ? s.lastSnapshot
      : {
          snapshotId: snapshot.snapshotId,
          asOf: snapshot.asOf,
          daysPastDue: snapshot.daysPastDue,
          tier: warning.tier,
          floor: warning.proposedClassification,
          signals: warning.signals.map((x) => x.code),
          at: e.at,
        },
    snapshotDates: [...s.snapshotDates, snapshot.asOf],
    circleDefault: usedCircle ? null : s.circleDefault,
  };
}

/** Raises only: a raise to a tier not above the current one changes nothing (the audit check names it). */
function raised(s: CreditState, e: Recorded<"WARNING_RAISED">): CreditState {
  const tier = higherTier(s.tier, e.payload.to);
  if (tier === s.tier) return s;
  const onList = s.warning?.onListSince ?? e.at;
  return {
    ...s,
    tier,
    tierHistory: [...s.tierHistory, { tier, at: e.at, by: e.actor, why: `snapshot ${e.payload.snapshotId}` }],
    warning: {
      onListSince: onList,
      tierSince: e.at,
      responseDueAt: e.payload.dueAt,
      respondedAt: null,
      remindedShares: [],
      escalatedAt: null,
      handedTo: s.warning?.handedTo ?? [],
    },
    classificationWindow: s.classificationWindow ?? {
      openedAt: e.at,
      remindedShares: [],
      escalatedAt: null,
      alarmedAt: null,
    },
  };
}

/** A person's decision: the tier goes down (or off the list), and no response is owed for it. */
function cleared(s: CreditState, e: Recorded<"WARNING_CLEARED">): CreditState {
  const to = e.payload.to;
  return {
    ...s,
    tier: to,
    tierHistory: [...s.tierHistory, { tier: to, at: e.at, by: e.actor, why: e.payload.reason }],
    warning:
      to === null || s.warning === null
        ? null
        : { ...s.warning, tierSince: e.at, responseDueAt: null, remindedShares: [], escalatedAt: null },
  };
}

function withWarning(
  s: CreditState,
  change: (w: NonNullable<CreditState["warning"]>) => object,
): CreditState {
  return s.warning ? { ...s, warning: { ...s.warning, ...change(s.warning) } } : s;
}

function withWindow(
  s: CreditState,
  change: (w: NonNullable<CreditState["classificationWindow"]>) => object,
): CreditState {
  return s.classificationWindow
    ? { ...s, classificationWindow: { ...s.classificationWindow, ...change(s.classificationWindow) } }
    : s;
}

function withExitPlan(
  s: CreditState,
  change: (p: NonNullable<CreditState["exitPlan"]>) => object,
): CreditState {
  return s.exitPlan ? { ...s, exitPlan: { ...s.exitPlan, ...change(s.exitPlan) } } : s;
}

function decided(s: CreditState, e: Recorded<"CLASSIFICATION_DECIDED">): CreditState {
  const p = e.payload;
  return {
    ...s,
    classification: { category: p.category, at: e.at },
    classificationHistory: [
      ...s.classificationHistory,
      {
        category: p.category,
        floor: p.floor,
        proposedBy: p.proposedBy,
        decidedBy: e.actor,
        headOfficeApprovedBy: p.headOfficeApprovedBy,
        reason: p.reason,
        at: e.at,
      },
    ],
    proposal: null,
    classificationWindow: null,
  };
}

function step(s: CreditState, e: RecordedCreditEvent): CreditState {
  switch (e.type) {
    case "CREDIT_OPENED":
      throw new DomainError("CREDIT_EVENT_ORDER", `CREDIT_OPENED again at seq ${e.seq} of ${s.creditId}`);
    case "SNAPSHOT_RECORDED":
      return snapshotRecorded(s, e);
    case "WARNING_RAISED":
      return raised(s, e);
    case "WARNING_REMINDED":
      return withWarning(s, (w) => ({ remindedShares: [...w.remindedShares, e.payload.share] }));
    case "WARNING_RESPONDED":
      return withWarning(s, () => ({ respondedAt: e.at }));
    case "WARNING_HANDED_OFF":
      return withWarning(s, (w) => ({ handedTo: [...w.handedTo, e.payload.to] }));
    case "WARNING_ESCALATED":
      return withWarning(s, () => ({ escalatedAt: e.at }));
    case "WARNING_CLEARED":
      return cleared(s, e);
    case "CLASSIFICATION_PROPOSED":
      return { ...s, proposal: { ...e.payload, proposedBy: e.actor, at: e.at } };
    case "CLASSIFICATION_DECIDED":
      return decided(s, e);
    case "CLASSIFICATION_REMINDED":
      return withWindow(s, (w) => ({ remindedShares: [...w.remindedShares, e.payload.share] }));
    case "CLASSIFICATION_ESCALATED":
      return withWindow(s, () => ({ escalatedAt: e.at }));
    case "CLASSIFICATION_ALARMED":
      return withWindow(s, () => ({ alarmedAt: e.at }));
    case "CIRCLE_DEFAULT_FLAGGED":
      return { ...s, circleDefault: { ...e.payload, at: e.at } };
    case "EXIT_PLAN_OPENED":
      return {
        ...s,
        exitPlan: {
          reason: e.payload.reason,
          openedAt: e.at,
          milestones: e.payload.milestones.map((m) => ({ ...m, metAt: null })),
          reductions: [],
          closedAt: null,
        },
      };
    case "EXIT_MILESTONE_MET":
      return withExitPlan(s, (p) => ({
        milestones: p.milestones.map((m) => (m.id === e.payload.milestoneId ? { ...m, metAt: e.at } : m)),
      }));
    case "EXIT_REDUCTION_RECORDED":
      return {
        ...withExitPlan(s, (p) => ({
          reductions: [...p.reductions, { amount: e.payload.amount, at: e.at, by: e.actor }],
        })),
        limit: moneyDown(new Dec(s.limit).minus(e.payload.amount)),
      };
    case "LIMIT_CHANGED":
      return { ...s, limit: e.payload.to };
    case "EXIT_PLAN_CLOSED":
      return withExitPlan(s, () => ({ closedAt: e.at }));
  }
}

/**
 * Applies one recorded event to a credit's projection. Pure: folding a credit's events from the first
 * gives its state, which is how the runtime rebuilds it and how auditors replay it at any past time.
 */
export function applyCreditEvent(
  state: CreditState | undefined,
  creditId: string,
  e: RecordedCreditEvent,
): CreditState {
  if (e.type === "CREDIT_OPENED" && state === undefined) return opened(creditId, e);
  if (!state) throw new DomainError("CREDIT_EVENT_ORDER", `${e.type} before CREDIT_OPENED in ${creditId}`);
  return { ...step(state, e), eventCount: e.seq, updatedAt: e.at };
}

export function foldCreditEvents(
  creditId: string,
  events: readonly RecordedCreditEvent[],
): CreditState | undefined {
  let state: CreditState | undefined;
  for (const e of events) state = applyCreditEvent(state, creditId, e);
  return state;
}

/** The credit as it stood at an instant (ISO): its events up to and including then. */
export function creditStateAt(
  creditId: string,
  events: readonly RecordedCreditEvent[],
  instant: string,
): CreditState | undefined {
  return foldCreditEvents(
    creditId,
    events.filter((e) => Date.parse(e.at) <= Date.parse(instant)),
  );
}
