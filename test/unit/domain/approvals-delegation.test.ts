import { describe, expect, it } from "vitest";
import {
  type AssignmentNote,
  assignApprovers,
  checkDecisions,
  checkDelegation,
  type Delegation,
  exclusionsFor,
  isActiveAt,
  type Stage,
} from "../../../domain";
import { directory, ROSTER, roleFacts, ruleContext, Trail } from "../../support/trail";

const NOW = new Date("2026-11-30T09:00:00+08:00");
const range = { from: "2026-12-01T00:00:00+08:00", to: "2026-12-15T00:00:00+08:00" };
const check = (input: Record<string, unknown>, actor: string, existing: Delegation[] = []) =>
  checkDelegation(input, actor, { now: NOW, existing, roles: roleFacts });
const stored = (d: Partial<Delegation> & Pick<Delegation, "approverId" | "delegateId">): Delegation => ({
  ...range,
  setBy: d.approverId,
  reason: "",
  ...d,
});
const problems = (r: ReturnType<typeof check>) =>
  r.ok ? [] : r.error.map((p) => `${p.code}@${p.field}: ${p.message}`);

describe("setting a delegation", () => {
  it("lets an approver delegate to someone holding their role, with or without a reason", () => {
    expect(check({ approverId: "mgr.wang", delegateId: "mgr.zhao", ...range }, "mgr.wang")).toEqual({
      ok: true,
      value: { approverId: "mgr.wang", delegateId: "mgr.zhao", ...range, setBy: "mgr.wang", reason: "" },
    });
  });

  it("lets credit administration of the approver's branch set one for them, with a reason", () => {
    const input = { approverId: "mgr.wang", delegateId: "mgr.zhao", ...range, reason: "on sick leave" };
    expect(check(input, "ca.ma")).toMatchObject({
      ok: true,
      value: { setBy: "ca.ma", reason: "on sick leave" },
    });
    expect(problems(check({ ...input, reason: " " }, "ca.ma"))).toEqual([
      "REASON@reason: a delegation set for someone else needs a reason",
    ]);
    // ca.feng administers SZ-FUTIAN only: mgr.wang sits at GZ-TIANHE, mgr.zhao at both.
    expect(problems(check(input, "ca.feng"))).toEqual([
      "NOT_PERMITTED@approverId: only mgr.wang or credit administration of their branch may set mgr.wang's delegation",
    ]);
    expect(check({ ...input, approverId: "mgr.zhao", delegateId: "mgr.lin" }, "ca.feng").ok).toBe(true);
    expect(problems(check(input, "rm.chen"))[0]).toMatch(/^NOT_PERMITTED/);
  });

  it("refuses self-delegation, an empty or past range, and a delegate who holds none of the roles", () => {
    expect(problems(check({ approverId: "mgr.wang", delegateId: "mgr.wang", ...range }, "mgr.wang"))).toEqual(
      ["SELF_DELEGATION@delegateId: mgr.wang cannot delegate to themself"],
    );
    expect(
      problems(
        check({ approverId: "mgr.wang", delegateId: "mgr.zhao", from: range.to, to: range.to }, "mgr.wang"),
      ),
    ).toEqual(["EMPTY_RANGE@to: the delegation must end after it starts"]);
    expect(
      problems(
        check(
          {
            approverId: "mgr.wang",
            delegateId: "mgr.zhao",
            from: "2026-11-01T00:00:00Z",
            to: NOW.toISOString(),
          },
          "mgr.wang",
        ),
      ),
    ).toEqual(["ALREADY_ENDED@to: the delegation would end before now: there is nothing left to delegate"]);
    expect(problems(check({ approverId: "mgr.wang", delegateId: "bc.liu", ...range }, "mgr.wang"))).toEqual([
      "NO_SHARED_ROLE@delegateId: bc.liu holds none of mgr.wang's approval roles (MANAGER at GZ-TIANHE), so could never decide in their place",
    ]);
    expect(
      problems(
        check(
          { approverId: "mgr.wang", delegateId: "mgr.zhao", from: "2026-12-01", to: range.to },
          "mgr.wang",
        ),
      ),
    ).toEqual([
      "INVALID@from: from must be an instant with its time zone, such as 2026-12-01T00:00:00+08:00",
    ]);
  });

  it("refuses an overlap with the approver's own delegation, and allows one starting as the other ends", () => {
    const first = stored({ approverId: "cm.a", delegateId: "cm.f" });
    const overlapping = {
      approverId: "cm.a",
      delegateId: "cm.g",
      from: "2026-12-14T23:59:59+08:00",
      to: "2026-12-20T00:00:00+08:00",
    };
    expect(problems(check(overlapping, "cm.a", [first]))).toEqual([
      `OVERLAP@from: overlaps cm.a's delegation to cm.f from ${range.from} to ${range.to}: change or remove that one first`,
    ]);
    expect(check({ ...overlapping, from: range.to }, "cm.a", [first]).ok).toBe(true);
  });

  it("refuses chains both ways: a delegate who is away then, an approver standing in for someone then", () => {
    const zhaoAway = stored({ approverId: "mgr.zhao", delegateId: "mgr.lin" });
    expect(
      problems(check({ approverId: "mgr.wang", delegateId: "mgr.zhao", ...range }, "mgr.wang", [zhaoAway])),
    ).toEqual([
      `CHAIN@delegateId: mgr.zhao is away from ${range.from} to ${range.to} (delegating to mgr.lin): a delegation is not passed on`,
    ]);
    const wangForLin = stored({ approverId: "mgr.lin", delegateId: "mgr.wang" });
    expect(
      problems(check({ approverId: "mgr.wang", delegateId: "mgr.zhao", ...range }, "mgr.wang", [wangForLin])),
    ).toEqual([
      `CHAIN@approverId: mgr.wang stands in for mgr.lin from ${range.from} to ${range.to}: what was delegated to them is not passed on`,
    ]);
    // A cycle is both at once.
    const zhaoToWang = stored({ approverId: "mgr.zhao", delegateId: "mgr.wang" });
    expect(
      problems(
        check({ approverId: "mgr.wang", delegateId: "mgr.zhao", ...range }, "mgr.wang", [zhaoToWang]),
      ).map((p) => p.slice(0, p.indexOf(":"))),
    ).toEqual(["CHAIN@delegateId", "CHAIN@approverId"]);
  });
});

/** A resolver's notes, one line each. */
const notes = (r: { notes: AssignmentNote[] }) =>
  r.notes.map((n) => `${n.approverId} → ${n.delegateId}: ${n.why}; asked ${n.askedInstead}`);

describe("who is asked when a stage opens", () => {
  const wangToZhao = stored({ approverId: "mgr.wang", delegateId: "mgr.zhao" });
  const manager = (openedAt: Date, delegations: Delegation[], excluded = new Map<string, string>()) =>
    assignApprovers({
      stage: "MANAGER",
      branch: "GZ-TIANHE",
      openedAt,
      candidates: ["mgr.wang"],
      alternates: ["mgr.zhao"],
      delegations,
      excluded,
      holdsRole: (u, b, s) => directory.hasRole(u, b, s),
    });

  it("gives stages opened from the start of the range, until just before its end, to the delegate", () => {
    const from = Date.parse(range.from);
    const to = Date.parse(range.to);
    const asked = (t: number) => manager(new Date(t), [wangToZhao]).assignments;
    const delegated = [
      {
        approverId: "mgr.zhao",
        onBehalfOf: "mgr.wang",
        delegation: { from: range.from, to: range.to, setBy: "mgr.wang" },
      },
    ];
    expect(asked(from - 1)).toEqual([{ approverId: "mgr.wang" }]);
    expect(asked(from)).toEqual(delegated);
    expect(asked(to - 1)).toEqual(delegated);
    expect(asked(to)).toEqual([{ approverId: "mgr.wang" }]);
    expect(isActiveAt(wangToZhao, new Date(to))).toBe(false);
  });

  /** A small branch where an RM is also a deputy manager, and a branch-credit officer stands in at head office. */
  const holdsRole = (u: string, b: string, s: Stage) =>
    directory.hasRole(u, b, s) ||
    (u === "rm.chen" && s === "MANAGER") ||
    (u === "bc.liu" && s === "HEAD_OFFICE");
  const inRange = new Date("2026-12-02T10:00:00+08:00");

  /** A one-person stage of `trail`'s case opened in the range, its holder delegating to `delegateId`. */
  const openWith = (trail: Trail, stage: Stage, [holder, backup]: [string, string], delegateId: string) =>
    assignApprovers({
      stage,
      branch: "GZ-TIANHE",
      openedAt: inRange,
      candidates: [holder],
      alternates: [backup],
      delegations: [stored({ approverId: holder, delegateId })],
      excluded: exclusionsFor(trail.state(), stage),
      holdsRole,
    });

  it("asks the backup instead when the delegate is the submitter", () => {
    const r = openWith(new Trail().submit(), "MANAGER", ["mgr.wang", "mgr.zhao"], "rm.chen");
    expect(r.assignments).toEqual([{ approverId: "mgr.zhao" }]);
    expect(notes(r)).toEqual(["mgr.wang → rm.chen: rm.chen submitted this case; asked mgr.zhao"]);
  });

  it("asks the backup instead when the delegate acted at another stage, or lacks the role", () => {
    const r = openWith(new Trail().throughBranchCredit(), "HEAD_OFFICE", ["ho.zhang", "ho.qian"], "bc.liu");
    expect(r.assignments).toEqual([{ approverId: "ho.qian" }]);
    expect(r.notes[0]?.why).toBe("bc.liu already acted at BRANCH_CREDIT on this case");
    const noRole = manager(inRange, [stored({ approverId: "mgr.wang", delegateId: "bc.sun" })]);
    expect(noRole.assignments).toEqual([{ approverId: "mgr.zhao" }]);
    expect(noRole.notes[0]?.why).toBe("bc.sun does not hold the MANAGER role at GZ-TIANHE");
  });

  it("never follows a chain: with the backup away too, the approver themself is asked", () => {
    const r = manager(inRange, [wangToZhao, stored({ approverId: "mgr.zhao", delegateId: "mgr.lin" })]);
    expect(r.assignments).toEqual([{ approverId: "mgr.wang" }]);
    expect(notes(r)).toEqual([
      `mgr.wang → mgr.zhao: mgr.zhao is away too (delegating to mgr.lin until ${range.to}); asked mgr.wang`,
    ]);
  });

  it("keeps every committee seat: a member's delegate already on the roster gives way to a backup member", () => {
    const r = assignApprovers({
      stage: "COMMITTEE",
      branch: "GZ-TIANHE",
      openedAt: inRange,
      candidates: [...ROSTER],
      alternates: ["cm.f", "cm.g"],
      delegations: [
        stored({ approverId: "cm.a", delegateId: "cm.f" }),
        stored({ approverId: "cm.b", delegateId: "cm.c" }),
      ],
      excluded: new Map(),
      holdsRole: (u, b, s) => directory.hasRole(u, b, s),
    });
    expect(
      r.assignments.map((a) => (a.onBehalfOf ? `${a.approverId} for ${a.onBehalfOf}` : a.approverId)),
    ).toEqual(["cm.f for cm.a", "cm.g", "cm.c", "cm.d", "cm.e"]);
    expect(notes(r)).toEqual(["cm.b → cm.c: cm.c is already asked at COMMITTEE; asked cm.g"]);
  });

  it("records both names in a trail that audit check finds clean", () => {
    const t = new Trail().submit().at("2026-12-02T02:00:00.000Z");
    const { assignments } = manager(new Date("2026-12-02T02:00:00.000Z"), [wangToZhao]);
    t.open("MANAGER", assignments).decide("MANAGER", "mgr.zhao", "approve", { onBehalfOf: "mgr.wang" });
    t.close("MANAGER", "approve", "mgr.zhao");
    expect(t.state().stages[0]).toMatchObject({ decidedBy: ["mgr.zhao"], onBehalfOf: ["mgr.wang"] });
    expect(checkDecisions(t.events, ruleContext)).toEqual([]);
  });
});
