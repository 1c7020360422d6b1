import type { Category, Tier, WarningStage } from "../policy/monitoring-schema";
import type { Covenant } from "./covenants";
import type { ExitReason, Milestone } from "./credit-events";
import type { SignalCode } from "./types";

export interface ClassificationRecord {
  category: Category;
  floor: Category;
  proposedBy: string;
  decidedBy: string;
  headOfficeApprovedBy: string | null;
  reason: string;
  at: string;
}

/** The projection of a credit's trail: what every decision function reads. Rebuilt by folding. */
export interface CreditState {
  creditId: string;
  caseId: string;
  partyId: string | null;
  borrowerName: string;
  branch: string;
  relationshipManager: string;
  policyVersion: string;
  secondsPerDay: number;
  /** The approved limit now (reduced by an exit plan's reductions and limit changes). */
  limit: string;
  covenants: Covenant[];
  lastSnapshot: {
    snapshotId: string;
    asOf: string;
    daysPastDue: number;
    /** The tier and floor the snapshot alone gave (the credit's tier may be higher). */
    tier: Tier | null;
    floor: Category;
    signals: SignalCode[];
    at: string;
  } | null;
  /** Every `asOf` recorded, for the monthly check of credits without a snapshot. */
  snapshotDates: string[];
  /** The credit's warning tier: raised by snapshots, lowered or cleared only by a person. */
  tier: Tier | null;
  tierHistory: { tier: Tier | null; at: string; by: string; why: string }[];
  /** The open warning: on the warning list since, and the response owed for the current tier. */
  warning: {
    onListSince: string;
    tierSince: string;
    responseDueAt: string | null;
    respondedAt: string | null;
    remindedShares: string[];
    escalatedAt: string | null;
    handedTo: WarningStage[];
  } | null;
  classification: { category: Category; at: string | null };
  classificationHistory: ClassificationRecord[];
  proposal: { category: Category; floor: Category; proposedBy: string; reason: string; at: string } | null;
  /** Opened on entering the warning list, closed by a classification decision. */
  classificationWindow: {
    openedAt: string;
    remindedShares: string[];
    escalatedAt: string | null;
    alarmedAt: string | null;
  } | null;
  /** A circle member's default, flagged for the credit's next evaluation. */
  circleDefault: { defaultedPartyId: string; circle: string[]; at: string } | null;
  exitPlan: {
    reason: ExitReason;
    openedAt: string;
    milestones: (Milestone & { metAt: string | null })[];
    reductions: { amount: string; at: string; by: string }[];
    closedAt: string | null;
  } | null;
  eventCount: number;
  updatedAt: string;
}
