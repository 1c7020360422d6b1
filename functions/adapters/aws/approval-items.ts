import { CodedError } from "../../../domain/errors";
import { STAGES } from "../../../domain/policy/stages";
import * as z from "../../../domain/zod";
import { APPROVAL_STATUSES, type ApprovalRecord, type NewApproval } from "../../app/ports";
import { approvalKey, approverIndexKeys } from "./table";

/** Approval items outlive their expiry by this much so late clicks still get a clear answer. */
export const APPROVAL_TTL_GRACE_DAYS = 30;

/**
 * Instants are stored as `toISOString()` so that comparisons of stored instants as strings hold; a
 * different offset or precision would compare wrongly.
 */
export function isoInstant(text: string): string {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new CodedError("BAD_INSTANT", `not an ISO-8601 instant: ${text}`);
  return new Date(ms).toISOString();
}

export function newApprovalRecord(a: NewApproval): ApprovalRecord {
  const expiresAt = isoInstant(a.expiresAt);
  const ttl = Math.floor(Date.parse(expiresAt) / 1000) + APPROVAL_TTL_GRACE_DAYS * 86_400;
  return { ...a, createdAt: isoInstant(a.createdAt), expiresAt, status: "PENDING", ttl };
}

export function approvalItem(a: ApprovalRecord): Record<string, unknown> {
  return {
    ...approvalKey(a.approvalId),
    ...a,
    ...approverIndexKeys(a.approverId, a.status, a.createdAt, a.approvalId),
  };
}

const text = z.string();
const whole = z.number().check(z.int());

const approvalSchema = z.object({
  approvalId: text,
  caseId: text,
  caseVersion: whole,
  stage: z.enum(STAGES),
  approverId: text,
  attempt: whole,
  taskToken: text,
  createdAt: text,
  expiresAt: text,
  status: z.enum(APPROVAL_STATUSES),
  decision: z.optional(z.enum(["approve", "decline", "return"])),
  comment: z.optional(text),
  decidedAt: z.optional(text),
  decidedBy: z.optional(text),
  closedAt: z.optional(text),
  mailedAt: z.optional(text),
  ttl: whole,
});

/** Items are read back through a schema: a malformed item is corruption, reported loudly. */
export function parseApprovalItem(item: Record<string, unknown>): ApprovalRecord {
  const parsed = approvalSchema.safeParse(item);
  if (!parsed.success) {
    throw new CodedError("CORRUPT_APPROVAL_ITEM", `malformed approval item ${String(item.pk)}`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}
