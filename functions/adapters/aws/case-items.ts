import type { AuditEvent } from "../../../domain/audit/chain";
import { CodedError } from "../../../domain/errors";
import * as z from "../../../domain/zod";
import type { StoredCaseState } from "../../app/ports";
import { eventKey, stateKey, statusIndexKeys } from "./table";

export type { StoredCaseState };

const record = z.record(z.string(), z.unknown());

const eventSchema = z.object({
  caseId: z.string(),
  seq: z.number().check(z.int(), z.positive()),
  type: z.string(),
  at: z.string(),
  actor: z.string(),
  payload: record,
  prevHash: z.string(),
  hash: z.string(),
});

const stateSchema = z.object({
  caseId: z.string(),
  status: z.string(),
  version: z.number().check(z.int(), z.nonnegative()),
  createdAt: z.string(),
  updatedAt: z.string(),
  headHash: z.string(),
  projection: record,
});

export function eventItem(e: AuditEvent): Record<string, unknown> {
  return { ...eventKey(e.caseId, e.seq), ...e };
}

export function stateItem(s: StoredCaseState): Record<string, unknown> {
  return { ...stateKey(s.caseId), ...s, ...statusIndexKeys(s.status, s.updatedAt, s.caseId) };
}

/** Items are read back through a schema: a malformed item is corruption, reported loudly. */
export function parseEventItem(item: Record<string, unknown>): AuditEvent {
  const parsed = eventSchema.safeParse(item);
  if (!parsed.success) {
    throw new CodedError("CORRUPT_EVENT_ITEM", `malformed event item ${String(item.pk)}/${String(item.sk)}`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

/**
 * An event item read for audit, where nothing is trusted: a malformed item is described, not thrown,
 * so the verifier can name it among the others.
 */
export function readEventItem(item: Record<string, unknown>): { event: AuditEvent } | { malformed: string } {
  const parsed = eventSchema.safeParse(item);
  if (parsed.success) return { event: parsed.data };
  return {
    malformed: parsed.error.issues.map((i) => `${i.path.join(".") || "(item)"}: ${i.message}`).join("; "),
  };
}

export function parseStateItem(item: Record<string, unknown>): StoredCaseState {
  const parsed = stateSchema.safeParse(item);
  if (!parsed.success) {
    throw new CodedError("CORRUPT_STATE_ITEM", `malformed state item ${String(item.pk)}`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}
