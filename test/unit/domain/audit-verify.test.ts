import { describe, expect, it } from "vitest";
import {
  type AuditEvent,
  chainEvents,
  type DigestAnchor,
  type EventDraft,
  genesisHead,
  hashEvent,
  type StoredItem,
  verifyTrail,
} from "../../../domain";

const CASE = "CASE-1";
const key = (seq: number) => `EVT#${String(seq).padStart(10, "0")}`;

function trail(count = 8): AuditEvent[] {
  const drafts: EventDraft[] = Array.from({ length: count }, (_, i) => ({
    type: i === 0 ? "CASE_SUBMITTED" : "DECISION_RECORDED",
    at: new Date(Date.UTC(2026, 10, 20, 9, 0, i)).toISOString(),
    actor: i === 0 ? "rm.chen" : "mgr.wang",
    payload: { n: i + 1, comment: `step ${i + 1}` },
  }));
  return chainEvents(genesisHead(CASE), drafts);
}

/** Items as the table stores them: the key follows the event's seq. */
const stored = (events: AuditEvent[]): StoredItem[] =>
  events.map((event) => ({ key: key(event.seq), position: event.seq, event }));

const rehash = (e: AuditEvent): AuditEvent => ({ ...e, hash: hashEvent(e) });
const headOf = (events: AuditEvent[]) => {
  const last = events.at(-1) as AuditEvent;
  return { seq: last.seq, hash: last.hash };
};
const first = (items: StoredItem[], head?: { seq: number; hash: string }, digests: DigestAnchor[] = []) => {
  const v = verifyTrail(CASE, items, { head: head ?? null, digests });
  return { ok: v.ok, kind: v.problems[0]?.kind, seq: v.problems[0]?.seq, by: v.problems[0]?.caughtBy };
};

describe("verifying a stored trail from genesis", () => {
  it("verifies an untouched trail and its recorded head", () => {
    const events = trail();
    const v = verifyTrail(CASE, stored(events), { head: headOf(events) });
    expect(v).toMatchObject({ ok: true, verifiedThrough: 8, problems: [] });
    expect(v.events.map((e) => e.check)).toEqual(Array(8).fill("VERIFIED"));
  });

  it("names a changed payload", () => {
    const events = trail();
    const items = stored(events);
    (items[4] as StoredItem).event = {
      ...(events[4] as AuditEvent),
      payload: { n: 5, comment: "approved after all" },
    };
    expect(first(items, headOf(events))).toEqual({ ok: false, kind: "CHANGED", seq: 5, by: "chain" });
  });

  it("names a changed event whose hash was recomputed by what the next event still links to", () => {
    const events = trail();
    const items = stored(events);
    (items[3] as StoredItem).event = rehash({ ...(events[3] as AuditEvent), actor: "ho.zhang" });
    expect(first(items, headOf(events))).toEqual({ ok: false, kind: "CHANGED", seq: 4, by: "chain" });
  });

  it("names a deleted event, also when the later ones were renumbered", () => {
    const events = trail();
    const gap = stored(events).filter((it) => it.position !== 3);
    expect(first(gap, headOf(events))).toEqual({ ok: false, kind: "MISSING", seq: 3, by: "chain" });
    const renumbered = events
      .filter((e) => e.seq !== 3)
      .map((e) => (e.seq > 3 ? { ...e, seq: e.seq - 1 } : e));
    expect(first(stored(renumbered), headOf(events))).toEqual({
      ok: false,
      kind: "MISSING",
      seq: 3,
      by: "chain",
    });
  });

  it("names a deleted last event by the head the case recorded", () => {
    const events = trail();
    expect(first(stored(events.slice(0, -1)), headOf(events))).toEqual({
      ok: false,
      kind: "MISSING",
      seq: 8,
      by: "head",
    });
  });

  it("names two swapped events, whether the keys moved with them or not", () => {
    const events = trail();
    const items = stored(events);
    const [a, b] = [items[2] as StoredItem, items[3] as StoredItem];
    [a.event, b.event] = [b.event, a.event];
    expect(first(items, headOf(events))).toEqual({ ok: false, kind: "REORDERED", seq: 3, by: "chain" });
    const renumbered = [...events];
    [renumbered[2], renumbered[3]] = [
      { ...(events[3] as AuditEvent), seq: 3 },
      { ...(events[2] as AuditEvent), seq: 4 },
    ];
    expect(first(stored(renumbered), headOf(events))).toEqual({
      ok: false,
      kind: "REORDERED",
      seq: 3,
      by: "chain",
    });
  });

  it("names an inserted event: renumbered after it, under a key of its own, or appended", () => {
    const events = trail();
    const forged = chainEvents({ caseId: CASE, seq: 4, hash: (events[3] as AuditEvent).hash }, [
      { type: "DECISION_RECORDED", at: "2026-11-20T09:00:03.500Z", actor: "bc.liu", payload: { n: 0 } },
    ])[0] as AuditEvent;
    const shifted = [
      ...events.slice(0, 4),
      forged,
      ...events.slice(4).map((e) => ({ ...e, seq: e.seq + 1 })),
    ];
    expect(first(stored(shifted), headOf(events))).toEqual({
      ok: false,
      kind: "INSERTED",
      seq: 5,
      by: "chain",
    });

    const squeezed = stored(events);
    squeezed.splice(4, 0, { key: `${key(4)}a`, position: null, event: { ...forged, seq: 5 } });
    expect(first(squeezed, headOf(events))).toEqual({ ok: false, kind: "INSERTED", seq: 5, by: "chain" });

    const appended = chainEvents(headOf(events) && { caseId: CASE, ...headOf(events) }, [
      { type: "CASE_FINALIZED", at: "2026-11-20T10:00:00.000Z", actor: "system", payload: {} },
    ]);
    expect(first(stored([...events, ...appended]), headOf(events))).toEqual({
      ok: false,
      kind: "INSERTED",
      seq: 9,
      by: "head",
    });
  });

  it("names an event of another case put into this one", () => {
    const events = trail();
    const other = chainEvents(genesisHead("CASE-2"), [
      { type: "X", at: "2026-11-20T09:00:00.000Z", actor: "system", payload: {} },
    ])[0] as AuditEvent;
    const items = stored(events);
    (items[0] as StoredItem).event = other;
    expect(first(items)).toEqual({ ok: false, kind: "INSERTED", seq: 1, by: "chain" });
  });

  it("names a malformed item instead of failing on it", () => {
    const events = trail();
    const items = stored(events);
    items[1] = { key: key(2), position: 2, event: null, malformed: "hash: Required" };
    const v = verifyTrail(CASE, items);
    expect(v.problems[0]).toMatchObject({ kind: "CHANGED", seq: 2 });
    expect(v.problems[0]?.message).toContain("hash: Required");
    expect(v.events.map((e) => e.check)).toEqual(["VERIFIED", "CHANGED", ...Array(6).fill("UNVERIFIED")]);
  });

  it("is fooled by a whole chain rewritten after an event, head included, until a digest is asked", () => {
    const events = trail();
    const rewritten = chainEvents(
      { caseId: CASE, seq: 5, hash: (events[4] as AuditEvent).hash },
      events.slice(5).map((e, i) => ({
        type: e.type,
        at: e.at,
        actor: e.actor,
        payload: i === 0 ? { n: 6, comment: "forged" } : e.payload,
      })),
    );
    const tampered = [...events.slice(0, 5), ...rewritten];
    expect(first(stored(tampered), headOf(tampered))).toEqual({
      ok: true,
      kind: undefined,
      seq: undefined,
      by: undefined,
    });

    const anchor: DigestAnchor = {
      digest: "2026-11-21T00-00-00.000Z",
      headSeq: 8,
      headHash: (events[7] as AuditEvent).hash,
      eventHashes: events.map((e) => e.hash),
    };
    const v = verifyTrail(CASE, stored(tampered), { head: headOf(tampered), digests: [anchor] });
    expect(v.problems).toEqual([
      expect.objectContaining({
        kind: "CHANGED",
        seq: 6,
        caughtBy: "digest",
        digest: "2026-11-21T00-00-00.000Z",
      }),
    ]);
    expect(v.events.map((e) => e.check)).toEqual([
      ...Array(5).fill("VERIFIED"),
      "CHANGED",
      "UNVERIFIED",
      "UNVERIFIED",
    ]);
    expect(v.events[4]?.anchoredIn).toEqual(["2026-11-21T00-00-00.000Z"]);
    expect(v.events[5]?.anchoredIn).toEqual([]);
  });

  it("marks every event a digest anchored, and names one the digest has that the table lost", () => {
    const events = trail();
    const anchor: DigestAnchor = {
      digest: "d1",
      headSeq: 8,
      headHash: (events[7] as AuditEvent).hash,
      eventHashes: events.map((e) => e.hash),
    };
    const v = verifyTrail(CASE, stored(events), { head: headOf(events), digests: [anchor] });
    expect(v.ok).toBe(true);
    expect(v.events.every((e) => e.anchoredIn.includes("d1"))).toBe(true);
    const shorter = events.slice(0, -1);
    expect(first(stored(shorter), headOf(shorter), [anchor])).toEqual({
      ok: false,
      kind: "MISSING",
      seq: 8,
      by: "digest",
    });
  });
});
