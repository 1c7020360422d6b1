import { canonicalJson, sha256Hex } from "../canonical-json";

/**
 * The hash chain of a case's audit trail. Pure (no AWS) so an auditor can recompute a chain from an
 * export without the application: each event's hash covers its content and the previous hash, so
 * changing, removing or reordering any stored event breaks every later link.
 */

export const GENESIS_HASH = "0".repeat(64);

export type JsonObject = Record<string, unknown>;

/** What a caller records; the store assigns case, seq and the chain fields. */
export interface EventDraft {
  type: string;
  /** ISO-8601 instant, passed in because time is the caller's input, not the store's. */
  at: string;
  actor: string;
  payload: JsonObject;
}

export interface AuditEvent extends EventDraft {
  caseId: string;
  seq: number;
  prevHash: string;
  hash: string;
}

/** Where the next event attaches: the last event of a case, or the genesis head. */
export interface ChainHead {
  caseId: string;
  seq: number;
  hash: string;
}

export function genesisHead(caseId: string): ChainHead {
  return { caseId, seq: 0, hash: GENESIS_HASH };
}

export function hashEvent(event: Omit<AuditEvent, "hash">): string {
  const { caseId, seq, type, at, actor, payload, prevHash } = event;
  return sha256Hex(canonicalJson({ caseId, seq, type, at, actor, payload, prevHash }));
}

/**
 * Round-trips the payload through JSON so what is stored is exactly what was hashed: `toJSON` values
 * (Decimal, Date) become strings and undefined members disappear before the hash is taken.
 */
function jsonNormalize(payload: JsonObject): JsonObject {
  const normal: unknown = JSON.parse(JSON.stringify(payload));
  if (normal === null || typeof normal !== "object" || Array.isArray(normal)) {
    throw new TypeError("event payload must be a JSON object");
  }
  return normal as JsonObject;
}

export function chainEvent(prev: ChainHead, draft: EventDraft): AuditEvent {
  const unhashed = {
    caseId: prev.caseId,
    seq: prev.seq + 1,
    type: draft.type,
    at: draft.at,
    actor: draft.actor,
    payload: jsonNormalize(draft.payload),
    prevHash: prev.hash,
  };
  return { ...unhashed, hash: hashEvent(unhashed) };
}

export function chainEvents(prev: ChainHead, drafts: readonly EventDraft[]): AuditEvent[] {
  const events: AuditEvent[] = [];
  let head = prev;
  for (const draft of drafts) {
    const event = chainEvent(head, draft);
    events.push(event);
    head = event;
  }
  return events;
}

export type ChainVerdict =
  | { ok: true; head: ChainHead }
  | { ok: false; reason: "BAD_SEQ" | "BROKEN_LINK" | "BAD_HASH" | "WRONG_CASE"; seq: number };

/** Checks a whole trail from genesis; reports the first event that does not fit. */
export function verifyChain(caseId: string, events: readonly AuditEvent[]): ChainVerdict {
  let head = genesisHead(caseId);
  for (const e of events) {
    if (e.caseId !== caseId) return { ok: false, reason: "WRONG_CASE", seq: e.seq };
    if (e.seq !== head.seq + 1) return { ok: false, reason: "BAD_SEQ", seq: e.seq };
    if (e.prevHash !== head.hash) return { ok: false, reason: "BROKEN_LINK", seq: e.seq };
    if (hashEvent(e) !== e.hash) return { ok: false, reason: "BAD_HASH", seq: e.seq };
    head = { caseId, seq: e.seq, hash: e.hash };
  }
  return { ok: true, head };
}
