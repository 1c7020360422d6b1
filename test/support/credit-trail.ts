/**
 * A credit's trail built step by step the way the runtime will: each step asks the domain's decision
 * functions what to record, records it with a time and an actor, and folds. Times are days after T0.
 */
import {
  afterDays,
  type CreditEvent,
  type CreditState,
  evaluateSnapshot,
  evaluationContext,
  foldCreditEvents,
  getPolicy,
  type Policy,
  parseSnapshot,
  type RecordedCreditEvent,
  SECONDS_PER_DAY,
  SYSTEM_ACTOR,
  snapshotEvents,
} from "../../domain";
import { quietSnapshot } from "./monitoring-cases";

export const T0 = "2026-11-02T01:00:00.000Z";
export const CREDIT_ID = "CASE-0001";

/** The instant `days` (decimal allowed) after T0, on a credit's clock. */
export const day = (days: number, secondsPerDay = SECONDS_PER_DAY) => afterDays(T0, days, secondsPerDay);

export interface CreditTrail {
  events: RecordedCreditEvent[];
  policy: Policy;
  state(): CreditState;
  record(at: string, actor: string, ...events: CreditEvent[]): CreditState;
  /** Evaluates the quiet snapshot with `set` applied and records what the domain says to. */
  snapshot(at: string, set?: Record<string, unknown>): CreditState;
}

export function creditTrail(
  options: { partyId?: string | null; limit?: string; secondsPerDay?: number; policy?: Policy } = {},
): CreditTrail {
  const policy = options.policy ?? getPolicy();
  const events: RecordedCreditEvent[] = [];
  const state = () => {
    const s = foldCreditEvents(CREDIT_ID, events);
    if (!s) throw new Error("no credit yet");
    return s;
  };
  const record = (at: string, actor: string, ...drafts: CreditEvent[]) => {
    for (const d of drafts) events.push({ ...d, seq: events.length + 1, at, actor } as RecordedCreditEvent);
    return state();
  };
  record(T0, SYSTEM_ACTOR, {
    type: "CREDIT_OPENED",
    payload: {
      caseId: CREDIT_ID,
      partyId: options.partyId === undefined ? "cif:00000001" : options.partyId,
      borrowerName: "Quiet Trading Co.",
      branch: "BR-GZ-01",
      relationshipManager: "rm.chen",
      approvedLimit: options.limit ?? "10000000.00",
      covenants: [],
      policyVersion: policy.id,
      secondsPerDay: options.secondsPerDay ?? SECONDS_PER_DAY,
    },
  });
  return {
    events,
    policy,
    state,
    record,
    snapshot(at, set = {}) {
      const parsed = parseSnapshot(quietSnapshot({ "$.asOf": at.slice(0, 10), ...set }));
      if (!parsed.ok) throw new Error(`snapshot refused: ${JSON.stringify(parsed.error)}`);
      const warning = evaluateSnapshot(parsed.value, policy, evaluationContext(state()));
      return record(at, SYSTEM_ACTOR, ...snapshotEvents(state(), parsed.value, warning, at, policy));
    },
  };
}

/** Snapshot fields that give each tier on their own (from the policy's tier rules). */
export const YELLOW = { "$.snapshotId": "MON-Y", "$.daysPastDue": 31 };
export const BLUE = { "$.snapshotId": "MON-B", "$.current.receivableDays": 91 };
export const RED = { "$.snapshotId": "MON-R", "$.mainAccountFrozen": true };

type Category = "normal" | "special_mention" | "substandard" | "doubtful" | "loss";

/** A classification proposed by `proposer` and decided by `approver` (a day later unless told). */
export function classify(
  c: CreditTrail,
  proposeAt: string,
  category: Category,
  floor: Category,
  options: { decideAt?: string; proposer?: string; approver?: string } = {},
): CreditState {
  const proposer = options.proposer ?? "rm.chen";
  c.record(proposeAt, proposer, {
    type: "CLASSIFICATION_PROPOSED",
    payload: { category, floor, reason: "review" },
  });
  return c.record(
    options.decideAt ?? afterDays(proposeAt, 1, SECONDS_PER_DAY),
    options.approver ?? "rk.zhou",
    {
      type: "CLASSIFICATION_DECIDED",
      payload: { category, floor, proposedBy: proposer, headOfficeApprovedBy: null, reason: "agreed" },
    },
  );
}
