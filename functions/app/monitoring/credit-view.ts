import {
  type Category,
  type CreditState,
  classificationClock,
  creditFloor,
  type ExitReason,
  exitPlanReason,
  type ResponseStatus,
  responsePlan,
  responseStatus,
  type Tier,
} from "../../../domain/monitoring";
import { getPolicy } from "../../../domain/policy/registry";
import type { Deps } from "../ports";
import { asCreditEvents, foldCredit } from "./credit";
import { readsCredit } from "./credit-book";

export type CreditView = CreditState & {
  now: string;
  floor: Category;
  responseStatus: ResponseStatus;
  responseOwed: ReturnType<typeof responsePlan> | null;
  classificationClock: ReturnType<typeof classificationClock>;
  exitPlanDue: ExitReason | null;
  snapshots: {
    snapshotId: string;
    asOf: string;
    daysPastDue: number;
    tier: Tier | null;
    signals: string[];
    floor: Category;
    at: string;
  }[];
  events: { seq: number; type: string; at: string; actor: string }[];
};

export type CreditViewOutcome = { kind: "FOUND"; view: CreditView } | { kind: "NOT_FOUND"; caseId: string };

/**
 * A monitored credit as its readers see it: the folded state (snapshots' latest, tier and its history,
 * the warning and where its response stands, classification and its window, covenants, exit plan),
 * with what the policy says is due now, and its events in order. A credit the caller may not read
 * answers as missing, so its existence is not disclosed.
 */
export async function creditView(
  deps: Deps<"credits" | "directory">,
  caseId: string,
  caller: string,
): Promise<CreditViewOutcome> {
  const stored = await deps.credits.events(caseId);
  const state = foldCredit(caseId, stored);
  if (!state) return { kind: "NOT_FOUND", caseId };
  const reads = readsCredit(deps, state, caller);
  if (!reads) return { kind: "NOT_FOUND", caseId };
  const policy = getPolicy(state.policyVersion);
  const now = deps.now().toISOString();
  return {
    kind: "FOUND",
    view: {
      ...state,
      now,
      floor: creditFloor(state, policy),
      responseStatus: responseStatus(state, now),
      responseOwed: state.tier === null ? null : responsePlan(state.tier, policy),
      classificationClock: classificationClock(state, policy),
      exitPlanDue: exitPlanReason(state, policy),
      snapshots: asCreditEvents(stored).flatMap((e) =>
        e.type === "SNAPSHOT_RECORDED"
          ? [
              {
                snapshotId: e.payload.snapshot.snapshotId,
                asOf: e.payload.snapshot.asOf,
                daysPastDue: e.payload.snapshot.daysPastDue,
                tier: e.payload.warning.tier,
                signals: e.payload.warning.signals.map((x) => x.code),
                floor: e.payload.warning.proposedClassification,
                at: e.at,
              },
            ]
          : [],
      ),
      events: asCreditEvents(stored).map(({ seq, type, at, actor }) => ({ seq, type, at, actor })),
    },
  };
}
