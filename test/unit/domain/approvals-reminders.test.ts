import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type CaseState,
  checkDecisions,
  getPolicy,
  nextReminder,
  planEscalation,
  type RecordedEvent,
  reminderSchedule,
  reminderShares,
  remindersDue,
  slaSeconds,
  stageDeadline,
} from "../../../domain";
import { aprId, ruleContext, Trail } from "../../support/trail";

const v2 = getPolicy("sme-standard-2026.2");
const opened = new Date("2026-12-02T01:00:00.000Z");
const shares = reminderShares(v2);

describe("the reminder schedule", () => {
  it("reminds at 50% and 80% of a stage's SLA, scaled as the runtime scales time", () => {
    expect(shares).toEqual(["0.5", "0.8"]);
    expect(reminderShares(getPolicy("sme-standard-2026.1"))).toEqual([]);
    // The committee's 72 hours at TIME_SCALE 1000: 259.2 s.
    const scaled = slaSeconds("COMMITTEE", v2) / 1000;
    expect(scaled).toBe(259.2);
    const schedule = reminderSchedule(opened, scaled, shares);
    expect(schedule.map((r) => [r.share, r.at.getTime() - opened.getTime()])).toEqual([
      ["0.5", 129_600],
      ["0.8", 207_360],
    ]);
    const real = reminderSchedule(opened, slaSeconds("MANAGER", v2), ["0.8", "0.5"]);
    expect(real.map((r) => r.at.toISOString())).toEqual([
      "2026-12-02T13:00:00.000Z",
      "2026-12-02T20:12:00.000Z",
    ]);
    // Half a millisecond rounds up.
    expect(reminderSchedule(opened, 0.001, ["0.5"])[0]?.at.getTime()).toBe(opened.getTime() + 1);
  });

  it("counts an extension in the time the stage allows", () => {
    const sla = slaSeconds("MANAGER", v2);
    expect(stageDeadline(opened, sla, 43_200).toISOString()).toBe("2026-12-03T13:00:00.000Z");
    expect(reminderSchedule(opened, sla + 43_200, shares).map((r) => r.at.toISOString())).toEqual([
      "2026-12-02T19:00:00.000Z",
      "2026-12-03T05:48:00.000Z",
    ]);
  });

  it("sends a reminder from its instant on, once, and only the latest when woken late", () => {
    const schedule = reminderSchedule(opened, 259.2, shares);
    const [half, most] = schedule.map((r) => r.at.getTime());
    const due = (t: number, sent: string[] = []) =>
      remindersDue(schedule, sent, new Date(t)).map((r) => r.share);
    expect(due((half ?? 0) - 1)).toEqual([]);
    expect(due(half ?? 0)).toEqual(["0.5"]);
    expect(due(half ?? 0, ["0.5"])).toEqual([]);
    expect(due(most ?? 0, ["0.5"])).toEqual(["0.8"]);
    expect(due((most ?? 0) + 1)).toEqual(["0.8"]);
    expect(nextReminder(schedule, [], opened)?.share).toBe("0.5");
    expect(nextReminder(schedule, ["0.5"], new Date(half ?? 0))?.share).toBe("0.8");
    expect(nextReminder(schedule, ["0.5", "0.8"], new Date(half ?? 0))).toBeNull();
  });
});

/** The projection without what any event changes: its count and time. */
const decisive = (s: CaseState | undefined) => {
  if (!s) return s;
  const { eventCount: _count, updatedAt: _at, ...rest } = s;
  return rest;
};

const reminderOf = (e: RecordedEvent, share: string): RecordedEvent | null => {
  if (e.type !== "STAGE_OPENED") return null;
  const a = e.payload.approvals[0];
  if (!a) return null;
  return {
    type: "REMINDER_SENT",
    payload: {
      stage: e.payload.stage,
      attempt: e.payload.attempt,
      approvalId: a.approvalId,
      approverId: a.approverId,
      share,
      dueAt: e.at,
    },
    seq: 0,
    at: e.at,
    actor: "system",
  };
};

describe("a reminder never decides", () => {
  const trail = new Trail()
    .throughBranchCredit()
    .open("COMMITTEE", ["cm.a", "cm.b", "cm.c"])
    .decide("COMMITTEE", "cm.a")
    .decide("COMMITTEE", "cm.b")
    .decide("COMMITTEE", "cm.c")
    .close("COMMITTEE", "approve", "cm.c", { approve: 3, decline: 0, votes: 3, roster: 3 })
    .open("HEAD_OFFICE", ["ho.zhang"])
    .decide("HEAD_OFFICE", "ho.zhang")
    .close("HEAD_OFFICE", "approve", "ho.zhang")
    .add({ type: "CASE_FINALIZED", payload: { status: "APPROVED", reasons: [] } });

  it("leaves every stage outcome, status and pending approval of a case full of reminders as it was", () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 6 }), { minLength: 0, maxLength: trail.events.length }),
        (counts) => {
          // After each event, some reminders of the open stage's first approver: wherever the runtime
          // could record one (not between a decision and the stage closing on it, written together).
          const withReminders: RecordedEvent[] = [];
          let lastOpened: RecordedEvent | null = null;
          trail.events.forEach((e, i) => {
            withReminders.push(e);
            if (e.type === "STAGE_OPENED") lastOpened = e;
            if (e.type === "STAGE_DECIDED") lastOpened = null;
            if (trail.events[i + 1]?.type === "STAGE_DECIDED") return;
            for (let k = 0; k < (counts[i] ?? 0) && lastOpened; k++) {
              const r = reminderOf(lastOpened, k % 2 === 0 ? "0.5" : "0.8");
              if (r) withReminders.push(r);
            }
          });
          const renumbered = withReminders.map((e, i) => ({ ...e, seq: i + 1 }));
          const plain = new Trail();
          plain.events.push(...trail.events);
          const full = new Trail();
          full.events.push(...renumbered);
          // Every prefix that ends on an original event folds to the same decisive state.
          let j = 0;
          trail.events.forEach((e, i) => {
            while (j < renumbered.length && (renumbered[j]?.type !== e.type || renumbered[j]?.at !== e.at))
              j++;
            const a = new Trail();
            a.events.push(...trail.events.slice(0, i + 1));
            const b = new Trail();
            b.events.push(...renumbered.slice(0, j + 1));
            expect(decisive(b.state())).toEqual(decisive(a.state()));
            j++;
          });
          expect(full.state().status).toBe("APPROVED");
          expect(checkDecisions(renumbered, ruleContext)).toEqual([]);
          expect(decisive(full.state())).toEqual(decisive(plain.state()));
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("losing a stage to the backup", () => {
  it("tells the approver who lost it, and who took it", () => {
    const state = new Trail().submit().open("MANAGER", ["mgr.wang"]).state();
    const plan = planEscalation(state, "MANAGER", ["mgr.zhao"], v2);
    expect(plan).toEqual({
      supersede: [{ approvalId: aprId("MANAGER", "mgr.wang"), approverId: "mgr.wang" }],
      keep: [],
      ask: ["mgr.zhao"],
      notify: [{ userId: "mgr.wang", kind: "STAGE_LOST", stage: "MANAGER", newcomers: ["mgr.zhao"] }],
    });
    const delegated = new Trail()
      .submit()
      .open("MANAGER", [
        {
          approverId: "mgr.zhao",
          onBehalfOf: "mgr.wang",
          delegation: { from: "x", to: "y", setBy: "mgr.wang" },
        },
      ])
      .state();
    expect(planEscalation(delegated, "MANAGER", ["mgr.wang"], v2).notify).toEqual([
      {
        userId: "mgr.zhao",
        kind: "STAGE_LOST",
        stage: "MANAGER",
        newcomers: ["mgr.wang"],
        onBehalfOf: "mgr.wang",
      },
    ]);
  });
});
