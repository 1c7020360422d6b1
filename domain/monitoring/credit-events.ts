import type { Category, Tier, WarningStage } from "../policy/monitoring-schema";
import type { Covenant } from "./covenants";
import type { Snapshot } from "./snapshot-schema";
import type { Warning } from "./types";

/** A step of an exit plan: what, who owns it, by when (a calendar date). */
export interface Milestone {
  id: string;
  description: string;
  owner: string;
  due: string;
}

export type ExitReason = "RED_TIER" | "SUBSTANDARD_OR_WORSE";

/**
 * Every fact the trail of an approved credit records. Stored hash-chained as a case's events are
 * (`chainEvent` with the credit's id), folded into `CreditState` by `foldCreditEvents`. Times are the
 * events' `at`; deadlines recorded in payloads were computed from them by the decision functions.
 */
export type CreditEvent =
  | {
      type: "CREDIT_OPENED";
      payload: {
        caseId: string;
        partyId: string | null;
        borrowerName: string;
        branch: string;
        relationshipManager: string;
        approvedLimit: string;
        covenants: Covenant[];
        /** The policy version monitoring runs under for this credit. */
        policyVersion: string;
        /** The length of a policy day on this credit's clocks: 86400, or less under a test time scale. */
        secondsPerDay: number;
      };
    }
  | { type: "SNAPSHOT_RECORDED"; payload: { snapshot: Snapshot; warning: Warning } }
  | {
      type: "WARNING_RAISED";
      payload: { from: Tier | null; to: Tier; snapshotId: string; responseDays: number; dueAt: string };
    }
  | { type: "WARNING_REMINDED"; payload: { tier: Tier; share: string; dueAt: string } }
  | { type: "WARNING_RESPONDED"; payload: { tier: Tier; actions: string[]; note: string } }
  | { type: "WARNING_HANDED_OFF"; payload: { tier: Tier; to: WarningStage; note: string } }
  | { type: "WARNING_ESCALATED"; payload: { tier: Tier; dueAt: string } }
  /** A person lowers or clears the tier (to null: off the warning list), always with a reason. */
  | { type: "WARNING_CLEARED"; payload: { from: Tier; to: Tier | null; reason: string } }
  | { type: "CLASSIFICATION_PROPOSED"; payload: { category: Category; floor: Category; reason: string } }
  | {
      type: "CLASSIFICATION_DECIDED";
      payload: {
        category: Category;
        floor: Category;
        proposedBy: string;
        /** Head office's approval of a category better than the floor; null when none was needed. */
        headOfficeApprovedBy: string | null;
        reason: string;
      };
    }
  | { type: "CLASSIFICATION_REMINDED"; payload: { share: string; dueAt: string } }
  | { type: "CLASSIFICATION_ESCALATED"; payload: { dueAt: string } }
  | { type: "CLASSIFICATION_ALARMED"; payload: { limitAt: string } }
  | { type: "CIRCLE_DEFAULT_FLAGGED"; payload: { defaultedPartyId: string; circle: string[] } }
  | { type: "EXIT_PLAN_OPENED"; payload: { reason: ExitReason; milestones: Milestone[] } }
  | { type: "EXIT_MILESTONE_MET"; payload: { milestoneId: string; note: string } }
  | { type: "EXIT_REDUCTION_RECORDED"; payload: { amount: string; note: string } }
  | { type: "LIMIT_CHANGED"; payload: { from: string; to: string; reason: string } }
  | { type: "EXIT_PLAN_CLOSED"; payload: { reason: string } };

export type CreditEventType = CreditEvent["type"];

/** An event as stored: the fact plus when, by whom ("system" for the workflow), and its place. */
export type RecordedCreditEvent = CreditEvent & { seq: number; at: string; actor: string };

/** The actor of events the workflow records by itself (snapshots' warnings, reminders, escalations). */
export const SYSTEM_ACTOR = "system";
