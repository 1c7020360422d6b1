import { type AuditEvent, type ChainHead, GENESIS_HASH, hashEvent } from "./chain";

/**
 * Verification of a case's audit trail as it is stored, trusting nothing in it: the chain from
 * genesis, then the head the case recorded with its last write (STATE), then any digest that anchored
 * it. The first event that does not verify is named with its sequence number and what happened to it.
 */

/** One event item as read from storage, before any trust: where it sits, and what it says. */
export interface StoredItem {
  /** The storage key, for messages (`EVT#0000000003`). */
  key: string;
  /** The seq the key gives, or null when the key is not one the store ever writes. */
  position: number | null;
  /** The event, or null when the item is not a well-formed event (then `malformed` says why). */
  event: AuditEvent | null;
  malformed?: string;
}

export type ProblemKind = "CHANGED" | "MISSING" | "REORDERED" | "INSERTED";

export interface TrailProblem {
  kind: ProblemKind;
  /** The event the problem is about. */
  seq: number;
  /** What caught it: the chain itself, the head recorded with the case, or a digest. */
  caughtBy: "chain" | "head" | "digest";
  /** The digest that caught it, when one did. */
  digest?: string;
  message: string;
}

/** A digest's anchor for one case: the hash of every event up to its head at the digest's end. */
export interface DigestAnchor {
  digest: string;
  headSeq: number;
  headHash: string;
  eventHashes: readonly string[];
}

export type EventCheck = "VERIFIED" | ProblemKind | "UNVERIFIED";

export interface EventVerdict {
  key: string;
  seq: number | null;
  check: EventCheck;
  /** Digests whose anchored hash this event's content matches. */
  anchoredIn: string[];
}

export interface TrailVerdict {
  ok: boolean;
  caseId: string;
  /** The last event verified from genesis without a break. */
  verifiedThrough: number;
  problems: TrailProblem[];
  /** One per stored item, in storage order: what the auditor's timeline shows as a badge. */
  events: EventVerdict[];
}

export interface Anchors {
  /** The head the case recorded with its last write, or null when there is none to compare. */
  head?: { seq: number; hash: string } | null;
  digests?: readonly DigestAnchor[];
}

type Break = { problem: TrailProblem; marks: { index: number; check: ProblemKind }[] };

/** The seq an event's stored hash verifies under, if not its own: evidence that it was moved. */
function originalSeq(e: AuditEvent, limit: number): number | null {
  for (let s = 1; s <= limit; s++) {
    if (s !== e.seq && hashEvent({ ...e, seq: s }) === e.hash) return s;
  }
  return null;
}

/** Marks the items holding events `first` up to (not including) `seq` as inserted. */
function insertedBetween(first: number, seq: number): Break["marks"] {
  return Array.from({ length: Math.max(0, seq - first) }, (_, k) => ({
    index: first + k - 1,
    check: "INSERTED",
  }));
}

function chainBreak(
  caseId: string,
  items: readonly StoredItem[],
  i: number,
  prev: ChainHead,
  hashes: readonly string[],
): Break | null {
  const item = items[i] as StoredItem;
  const expected = prev.seq + 1;
  const at = (
    kind: ProblemKind,
    seq: number,
    message: string,
    marks = [{ index: i, check: kind }],
  ): Break => ({
    problem: { kind, seq, caughtBy: "chain", message },
    marks,
  });
  const e = item.event;
  if (!e)
    return at(
      "CHANGED",
      item.position ?? expected,
      `the item ${item.key} is not a well-formed event: ${item.malformed ?? "unreadable"}`,
    );
  if (item.position === null) {
    return at(
      "INSERTED",
      expected,
      `the item ${item.key} (claiming event ${e.seq}) has a key the store never writes; it sits after event ${prev.seq}`,
    );
  }
  if (e.caseId !== caseId) {
    return at(
      "INSERTED",
      item.position,
      `the item ${item.key} holds event ${e.seq} of another case, ${e.caseId}`,
    );
  }
  if (e.seq !== item.position) {
    return at(
      "REORDERED",
      item.position,
      `event ${item.position} is out of place: its item holds event ${e.seq}`,
    );
  }
  if (e.seq > expected) {
    const elsewhere = items.slice(i + 1).some((later) => later.event?.seq === expected);
    return elsewhere
      ? at("REORDERED", expected, `event ${expected} is out of place: it is stored after event ${e.seq}`)
      : at(
          "MISSING",
          expected,
          `event ${expected} is missing: the trail goes from event ${prev.seq} to event ${e.seq}`,
        );
  }
  if (hashEvent(e) !== e.hash) {
    const was = originalSeq(e, items.length + 1);
    if (was !== null && was < e.seq) {
      // Events were put in before it and everything after renumbered: find where it really attached.
      const attachedTo = hashes.lastIndexOf(e.prevHash) + 1;
      const first = attachedTo + 1;
      const marks = insertedBetween(first, e.seq);
      return at(
        "INSERTED",
        first,
        `event ${first} was inserted: the event now numbered ${e.seq} was stored as event ${was} and links to event ${attachedTo}`,
        marks.length > 0 ? marks : [{ index: i, check: "INSERTED" }],
      );
    }
    if (was !== null && was > e.seq) {
      const partner = items.find((x) => x.position === was)?.event;
      const swapped = partner ? hashEvent({ ...partner, seq: e.seq }) === partner.hash : false;
      return swapped
        ? at("REORDERED", e.seq, `events ${e.seq} and ${was} were swapped and renumbered`)
        : at(
            "MISSING",
            e.seq,
            `event ${e.seq} is missing: the event now numbered ${e.seq} was stored as event ${was}, and the events after it were renumbered`,
          );
    }
    const next = items[i + 1]?.event;
    if (next && next.seq === e.seq + 1 && hashEvent({ ...next, seq: e.seq }) === next.hash) {
      return at(
        "INSERTED",
        e.seq,
        `event ${e.seq} was inserted: the event after it was stored as event ${e.seq}`,
      );
    }
    return at("CHANGED", e.seq, `event ${e.seq} was changed: its content no longer matches its hash`);
  }
  if (e.prevHash !== prev.hash) {
    const linksTo = hashes.lastIndexOf(e.prevHash);
    if (linksTo >= 0 && linksTo + 1 < prev.seq) {
      const first = linksTo + 2;
      return at(
        "INSERTED",
        first,
        `event ${first} was inserted: event ${e.seq} links to event ${linksTo + 1}`,
        insertedBetween(first, e.seq),
      );
    }
    // Self-consistent but unlinked: the previous event was rewritten and its hash recomputed, while
    // this one still carries the original hash of its predecessor.
    const seq = Math.max(1, prev.seq);
    return at(
      "CHANGED",
      seq,
      prev.seq === 0
        ? `event 1 does not start from the genesis hash`
        : `event ${seq} was changed and re-hashed: event ${e.seq} still links to its original hash`,
      [{ index: i - 1, check: "CHANGED" }],
    );
  }
  return null;
}

function headProblem(last: ChainHead, head: { seq: number; hash: string }): TrailProblem | null {
  const caughtBy = "head" as const;
  if (last.seq < head.seq) {
    return {
      kind: "MISSING",
      seq: last.seq + 1,
      caughtBy,
      message: `event ${last.seq + 1} is missing: the trail ends at event ${last.seq} but the case recorded event ${head.seq} as its last`,
    };
  }
  if (last.seq > head.seq) {
    return {
      kind: "INSERTED",
      seq: head.seq + 1,
      caughtBy,
      message: `event ${head.seq + 1} was inserted: the case recorded event ${head.seq} as its last, the trail goes on to ${last.seq}`,
    };
  }
  if (last.hash !== head.hash) {
    return {
      kind: "CHANGED",
      seq: last.seq,
      caughtBy,
      message: `event ${last.seq} was changed and re-hashed: its hash differs from the one the case recorded`,
    };
  }
  return null;
}

function digestProblem(items: readonly StoredItem[], anchor: DigestAnchor): TrailProblem | null {
  const byPosition = new Map(items.map((it) => [it.position, it]));
  for (let seq = 1; seq <= anchor.headSeq; seq++) {
    const stored = byPosition.get(seq)?.event;
    const caughtBy = "digest" as const;
    if (!stored) {
      return {
        kind: "MISSING",
        seq,
        caughtBy,
        digest: anchor.digest,
        message: `event ${seq}, anchored in digest ${anchor.digest}, is missing`,
      };
    }
    // The content's own hash, not the stored one: a rewritten chain carries consistent new hashes.
    if (hashEvent(stored) !== anchor.eventHashes[seq - 1]) {
      return {
        kind: "CHANGED",
        seq,
        caughtBy,
        digest: anchor.digest,
        message: `event ${seq} differs from the version anchored in digest ${anchor.digest}`,
      };
    }
  }
  return null;
}

export function verifyTrail(
  caseId: string,
  items: readonly StoredItem[],
  anchors: Anchors = {},
): TrailVerdict {
  const checks: EventCheck[] = items.map(() => "UNVERIFIED");
  const hashes: string[] = [];
  const problems: TrailProblem[] = [];
  let prev: ChainHead = { caseId, seq: 0, hash: GENESIS_HASH };
  let broken: Break | null = null;
  for (let i = 0; i < items.length; i++) {
    broken = chainBreak(caseId, items, i, prev, hashes);
    if (broken) break;
    const e = items[i]?.event as AuditEvent;
    checks[i] = "VERIFIED";
    hashes.push(e.hash);
    prev = { caseId, seq: e.seq, hash: e.hash };
  }
  let verifiedThrough = prev.seq;
  if (broken) {
    problems.push(broken.problem);
    for (const m of broken.marks) if (m.index >= 0 && m.index < checks.length) checks[m.index] = m.check;
    verifiedThrough = Math.min(verifiedThrough, broken.problem.seq - 1);
  } else if (anchors.head) {
    const p = headProblem(prev, anchors.head);
    if (p) {
      problems.push(p);
      verifiedThrough = Math.min(verifiedThrough, p.seq - 1);
      const index = items.findIndex((it) => it.position === p.seq);
      if (index >= 0) checks[index] = p.kind;
    }
  }

  const anchoredIn: string[][] = items.map(() => []);
  for (const anchor of anchors.digests ?? []) {
    const p = digestProblem(items, anchor);
    if (p) problems.push(p);
    items.forEach((it, i) => {
      const seq = it.position;
      if (
        it.event &&
        seq !== null &&
        seq <= anchor.headSeq &&
        anchor.eventHashes[seq - 1] === hashEvent(it.event)
      ) {
        anchoredIn[i]?.push(anchor.digest);
      }
    });
  }
  for (const p of problems) {
    if (p.caughtBy !== "digest") continue;
    verifiedThrough = Math.min(verifiedThrough, p.seq - 1);
    const index = items.findIndex((it) => it.position === p.seq);
    if (index >= 0 && (checks[index] === "VERIFIED" || checks[index] === "UNVERIFIED"))
      checks[index] = p.kind;
  }
  for (let i = 0; i < checks.length; i++) {
    const seq = items[i]?.position ?? Number.POSITIVE_INFINITY;
    if (checks[i] === "VERIFIED" && seq > verifiedThrough) checks[i] = "UNVERIFIED";
  }

  const order = { chain: 0, head: 1, digest: 2 };
  problems.sort((a, b) => a.seq - b.seq || order[a.caughtBy] - order[b.caughtBy]);
  return {
    ok: problems.length === 0,
    caseId,
    verifiedThrough,
    problems,
    events: items.map((it, i) => ({
      key: it.key,
      seq: it.event?.seq ?? it.position,
      check: checks[i] ?? "UNVERIFIED",
      anchoredIn: anchoredIn[i] ?? [],
    })),
  };
}
