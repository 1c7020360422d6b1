import { z } from "zod";
import type { Stage } from "../../domain/assessment/types";
import type { Decision } from "../../domain/case/types";
import { STAGES } from "../../domain/policy/schema";
import { StoreError } from "./store-errors";
import { approvalKey, approverIndexKeys } from "./table";

export const APPROVAL_STATUSES = ["PENDING", "DECIDED", "SUPERSEDED", "CLOSED"] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

/** Approval items outlive their expiry by this much so late clicks still get a clear answer. */
export const APPROVAL_TTL_GRACE_DAYS = 30;

export interface NewApproval {
  approvalId: string;
  caseId: string;
  caseVersion: number;
  stage: Stage;
  approverId: string;
  attempt: number;
  /** Step Functions task token: stays server-side, never in a link or a page. */
  taskToken: string;
  createdAt: string;
  expiresAt: string;
}

export interface Approval extends NewApproval {
  status: ApprovalStatus;
  decision?: Decision;
  comment?: string;
  decidedAt?: string;
  decidedBy?: string;
  /** When it left PENDING without a decision (superseded or closed). */
  closedAt?: string;
  /** When the approver's mail was sent; absent means it still has to be (see the open-stage step). */
  mailedAt?: string;
  ttl: number;
}

/** What an inbox may show: everything but the task token. */
export type InboxEntry = Omit<Approval, "taskToken">;

/**
 * Instants are stored as `toISOString()` so the `expiresAt > :now` condition can compare strings;
 * a different offset or precision would compare wrongly.
 */
export function isoInstant(text: string): string {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new StoreError("BAD_INSTANT", `not an ISO-8601 instant: ${text}`);
  return new Date(ms).toISOString();
}

export function newApprovalRecord(a: NewApproval): Approval {
  const expiresAt = isoInstant(a.expiresAt);
  const ttl = Math.floor(Date.parse(expiresAt) / 1000) + APPROVAL_TTL_GRACE_DAYS * 86_400;
  return { ...a, createdAt: isoInstant(a.createdAt), expiresAt, status: "PENDING", ttl };
}

export function approvalItem(a: Approval): Record<string, unknown> {
  return {
    ...approvalKey(a.approvalId),
    ...a,
    ...approverIndexKeys(a.approverId, a.status, a.createdAt, a.approvalId),
  };
}

const approvalSchema = z.object({
  approvalId: z.string(),
  caseId: z.string(),
  caseVersion: z.number().int(),
  stage: z.enum(STAGES),
  approverId: z.string(),
  attempt: z.number().int(),
  taskToken: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  status: z.enum(APPROVAL_STATUSES),
  decision: z.enum(["approve", "decline", "return"]).optional(),
  comment: z.string().optional(),
  decidedAt: z.string().optional(),
  decidedBy: z.string().optional(),
  closedAt: z.string().optional(),
  mailedAt: z.string().optional(),
  ttl: z.number().int(),
});

export function parseApprovalItem(item: Record<string, unknown>): Approval {
  const parsed = approvalSchema.safeParse(item);
  if (!parsed.success) {
    throw new StoreError("CORRUPT_APPROVAL_ITEM", `malformed approval item ${String(item.pk)}`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

export function toInboxEntry(a: Approval): InboxEntry {
  const { taskToken: _token, ...entry } = a;
  return entry;
}
