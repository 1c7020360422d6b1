import { describe, expect, it } from "vitest";
import {
  type AuditEvent,
  chainEvent,
  chainEvents,
  type EventDraft,
  GENESIS_HASH,
  genesisHead,
  hashEvent,
  verifyChain,
} from "../../../domain/audit/chain";
import { canonicalJson, sha256Hex } from "../../../domain/canonical-json";

const drafts: EventDraft[] = [
  { type: "CASE_SUBMITTED", at: "2026-03-01T08:00:00.000Z", actor: "rm.chen", payload: { caseVersion: 1 } },
  {
    type: "CASE_ASSESSED",
    at: "2026-03-01T08:00:01.000Z",
    actor: "system",
    payload: { score: 71, rating: "B" },
  },
  { type: "STAGE_OPENED", at: "2026-03-01T08:00:02.000Z", actor: "system", payload: { stage: "MANAGER" } },
];

describe("audit chain", () => {
  it("starts from 64 zeros and numbers events from 1", () => {
    const [first] = chainEvents(genesisHead("C1"), drafts);
    expect(first?.prevHash).toBe(GENESIS_HASH);
    expect(GENESIS_HASH).toMatch(/^0{64}$/);
    expect(first?.seq).toBe(1);
  });

  it("hashes the canonical JSON of the event without its hash", () => {
    const e = chainEvent(genesisHead("C1"), drafts[0] as EventDraft);
    const { hash, ...rest } = e;
    expect(hash).toBe(sha256Hex(canonicalJson(rest)));
    expect(hashEvent(e)).toBe(hash);
  });

  it("links each event to the previous event's hash", () => {
    const events = chainEvents(genesisHead("C1"), drafts);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(events[1]?.prevHash).toBe(events[0]?.hash);
    expect(events[2]?.prevHash).toBe(events[1]?.hash);
    expect(verifyChain("C1", events)).toEqual({
      ok: true,
      head: { caseId: "C1", seq: 3, hash: events[2]?.hash },
    });
  });

  it("does not depend on payload key order", () => {
    const a = chainEvent(genesisHead("C1"), {
      ...(drafts[1] as EventDraft),
      payload: { score: 71, rating: "B" },
    });
    const b = chainEvent(genesisHead("C1"), {
      ...(drafts[1] as EventDraft),
      payload: { rating: "B", score: 71 },
    });
    expect(a.hash).toBe(b.hash);
  });

  it("stores the payload in the JSON form it hashed (toJSON applied, undefined dropped)", () => {
    const decimalLike = { toJSON: () => "1200000.00" };
    const e = chainEvent(genesisHead("C1"), {
      type: "X",
      at: "2026-03-01T08:00:00.000Z",
      actor: "system",
      payload: { amount: decimalLike, when: new Date("2026-03-01T00:00:00Z"), gone: undefined },
    });
    expect(e.payload).toEqual({ amount: "1200000.00", when: "2026-03-01T00:00:00.000Z" });
    // What a reader gets back from the table must verify: a JSON round trip keeps the hash.
    const reread = JSON.parse(JSON.stringify(e)) as AuditEvent;
    expect(hashEvent(reread)).toBe(e.hash);
  });

  it("detects a changed payload, a removed event, a reordering and a foreign event", () => {
    const events = chainEvents(genesisHead("C1"), drafts);
    const [e1, e2, e3] = events as [AuditEvent, AuditEvent, AuditEvent];
    expect(verifyChain("C1", [e1, { ...e2, payload: { score: 99, rating: "A" } }, e3])).toEqual({
      ok: false,
      reason: "BAD_HASH",
      seq: 2,
    });
    expect(verifyChain("C1", [e1, e3])).toEqual({ ok: false, reason: "BAD_SEQ", seq: 3 });
    expect(verifyChain("C1", [e2, e1, e3])).toEqual({ ok: false, reason: "BAD_SEQ", seq: 2 });
    expect(verifyChain("C2", events)).toEqual({ ok: false, reason: "WRONG_CASE", seq: 1 });
  });

  it("detects an event whose hash was recomputed after tampering but whose successor was not", () => {
    const events = chainEvents(genesisHead("C1"), drafts);
    const [e1, e2, e3] = events as [AuditEvent, AuditEvent, AuditEvent];
    const forged = { ...e2, payload: { score: 99, rating: "A" } };
    const reforged = { ...forged, hash: hashEvent(forged) };
    expect(verifyChain("C1", [e1, reforged, e3])).toEqual({ ok: false, reason: "BROKEN_LINK", seq: 3 });
  });

  it("continues a chain from a stored head exactly as if built in one go", () => {
    const all = chainEvents(genesisHead("C1"), drafts);
    const firstTwo = chainEvents(genesisHead("C1"), drafts.slice(0, 2));
    const head = firstTwo[1] as AuditEvent;
    const third = chainEvent(head, drafts[2] as EventDraft);
    expect(third).toEqual(all[2]);
  });
});
