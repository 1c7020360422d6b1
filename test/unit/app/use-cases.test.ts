import { describe, expect, it } from "vitest";
import { METRICS } from "../../../functions/app/ports";
import { assessStep } from "../../../functions/app/workflow/assess";
import { escalateStep } from "../../../functions/app/workflow/escalate";
import { mutateCase } from "../../../functions/app/workflow/mutate";
import { openStageStep } from "../../../functions/app/workflow/open-stage";
import { reconcileCases } from "../../../functions/app/workflow/reconcile";
import { resubmitCase, submitCase } from "../../../functions/app/workflow/submit";
import { fixture } from "../../support/applications";
import { memoryCases, memoryWorld } from "../../support/memory-ports";
import {
  approvalOf,
  caseAtFirstStage,
  decideAs,
  openNextStage,
  tokenFor,
  trail,
  type World,
} from "../../support/memory-workflow";

/**
 * The use cases over in-memory ports (test/support/memory-ports.ts): the workflow's rules without a
 * store, an engine or a mail server, each test in a few milliseconds. The same use cases run on
 * DynamoDB Local and the local Step Functions endpoint in test/e2e.
 */

const SLA = 3600;

let applications = 0;
/** A case that routes MANAGER → BRANCH_CREDIT only, under an application id of its own. */
function small() {
  const app = fixture("a2-wholesale");
  app.applicationId = `APP-FAST-${++applications}`;
  app.facilities = [{ type: "working_capital", amount: "5000000.00", tenorMonths: 12 }];
  return app;
}

/** A TASK_REBOUND of the open stage: an event another writer may record at any moment without deciding anything. */
function competingWrite(world: World, caseId: string) {
  return mutateCase({ cases: world.cases, caseWrites: world.cases }, caseId, ({ state }) => ({
    write: {
      drafts: [
        {
          event: { type: "TASK_REBOUND", payload: { stage: state.currentStage ?? "MANAGER", attempt: 1 } },
          actor: "system",
        },
      ],
    },
    result: undefined,
  }));
}

describe("submitting a case", () => {
  it("records the case with its application's lock and starts its run", async () => {
    const world = memoryWorld();
    const app = small();
    const outcome = await submitCase(world.deps, app, "rm.chen");
    expect(outcome).toMatchObject({ kind: "CREATED", caseVersion: 1, status: "SUBMITTED" });
    if (outcome.kind !== "CREATED") return;
    expect(world.engine.started).toEqual([
      { name: `${outcome.caseId}-v1`, input: { caseId: outcome.caseId, caseVersion: 1 } },
    ]);
    expect(world.store.locks.get(app.applicationId)).toEqual({ caseId: outcome.caseId, open: true });
    expect(world.telemetry.count(METRICS.casesSubmitted)).toBe(1);
    expect(await submitCase(world.deps, app, "rm.chen")).toMatchObject({ kind: "CONFLICT" });
  });

  it("records a case the engine refuses as FAILED with the reason, gives its lock back, and says so", async () => {
    const world = memoryWorld();
    world.engine.refuseStarts = true;
    const app = small();
    const outcome = await submitCase(world.deps, app, "rm.chen");
    expect(outcome).toMatchObject({ kind: "ENGINE_UNAVAILABLE" });
    if (outcome.kind !== "ENGINE_UNAVAILABLE") return;
    expect(trail(world, outcome.caseId)).toEqual(["CASE_SUBMITTED", "WORKFLOW_FAILED"]);
    const failed = world.store.events.get(outcome.caseId)?.at(-1);
    expect(failed?.payload).toEqual({
      error: "START_EXECUTION_FAILED",
      cause: "ThrottlingException: Rate exceeded",
    });
    expect(world.store.state(outcome.caseId)?.status).toBe("FAILED");
    expect(world.store.locks.get(app.applicationId)?.open).toBe(false);
    expect(world.telemetry.count(METRICS.casesSubmitted)).toBe(0);
    expect(world.telemetry.lines.filter((l) => l.level === "ERROR").map((l) => l.attributes.caseId)).toEqual([
      outcome.caseId,
    ]);
    // The lock is free again: the same application can be submitted once the engine takes cases.
    world.engine.refuseStarts = false;
    expect(await submitCase(world.deps, app, "rm.chen")).toMatchObject({ kind: "CREATED" });
  });

  it("refuses a resubmission of a case that is not RETURNED, changing nothing", async () => {
    const world = memoryWorld();
    const app = small();
    const { caseId } = await caseAtFirstStage(world, app);
    const before = world.store.appends;
    const outcome = await resubmitCase(world.deps, caseId, app, "rm.chen");
    expect(outcome).toMatchObject({ kind: "CONFLICT" });
    expect(world.store.appends).toBe(before);
  });
});

describe("the steps under retries and races", () => {
  it("refuses to assess a version the case has moved past, writing nothing", async () => {
    const world = memoryWorld();
    const { caseId } = await caseAtFirstStage(world, small());
    const before = trail(world, caseId);
    await expect(assessStep(world.deps, { caseId, caseVersion: 2 })).rejects.toMatchObject({
      code: "STALE_VERSION",
    });
    expect(trail(world, caseId)).toEqual(before);
  });

  it("reuses the recorded assessment when the assess step runs again", async () => {
    const world = memoryWorld();
    const { caseId } = await caseAtFirstStage(world, small());
    const again = await assessStep(world.deps, { caseId, caseVersion: 1 });
    expect(again).toEqual({ autoDeclined: false, route: ["MANAGER", "BRANCH_CREDIT"], portfolioLimits: [] });
    expect(trail(world, caseId).filter((t) => t === "CASE_ASSESSED")).toHaveLength(1);
  });

  it("decides again on the fresh case when another writer got in first, and records the decision once", async () => {
    const world = memoryWorld();
    const { caseId } = await caseAtFirstStage(world, small());
    let raced = false;
    world.store.beforeAppend = async (id) => {
      if (raced) return;
      raced = true;
      world.store.beforeAppend = undefined;
      await competingWrite(world, id);
    };
    const outcome = await decideAs(world, caseId, "mgr.wang", "approve");
    expect(outcome).toMatchObject({ kind: "RECORDED", stageOutcome: "approve", delivery: "DELIVERED" });
    expect(trail(world, caseId).slice(-3)).toEqual(["TASK_REBOUND", "DECISION_RECORDED", "STAGE_DECIDED"]);
    expect(approvalOf(world, caseId, "mgr.wang").status).toBe("DECIDED");
  });

  it("gives up after five lost races with a TransientError, which the state machine retries, writing nothing of its own", async () => {
    const world = memoryWorld();
    const { caseId } = await caseAtFirstStage(world, small());
    world.store.beforeAppend = async (id) => {
      const hook = world.store.beforeAppend;
      world.store.beforeAppend = undefined;
      await competingWrite(world, id);
      world.store.beforeAppend = hook;
    };
    const error = await decideAs(world, caseId, "mgr.wang", "approve").catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "TransientError", code: "CASE_WRITE_CONFLICT" });
    expect(trail(world, caseId)).not.toContain("DECISION_RECORDED");
    expect(trail(world, caseId).filter((t) => t === "TASK_REBOUND")).toHaveLength(5);
    expect(approvalOf(world, caseId, "mgr.wang").status).toBe("PENDING");
  });

  it("refuses a write kind the function was not built with, before anything is written", async () => {
    const world = memoryWorld();
    const { caseId } = await caseAtFirstStage(world, small());
    const before = world.store.appends;
    const withoutSettling = { ...world.deps, caseWrites: memoryCases(world.store, world.clock, []) };
    await expect(
      escalateStep(withoutSettling as never, { caseId, stage: "MANAGER", attempt: 1 }),
    ).rejects.toMatchObject({ code: "WRITE_KIND_NOT_WIRED" });
    expect(world.store.appends).toBe(before);
  });
});

describe("the credit committee", () => {
  /** A case whose route reaches the committee, approved at manager and branch credit, the committee's links mailed. */
  async function atCommittee() {
    const world = memoryWorld();
    const { caseId } = await caseAtFirstStage(world, fixture("a2-wholesale"));
    await decideAs(world, caseId, "mgr.wang", "approve");
    await openNextStage(world, caseId);
    await decideAs(world, caseId, "bc.liu", "approve");
    expect(await openNextStage(world, caseId)).toBe("COMMITTEE");
    return { world, caseId };
  }

  it("closes as soon as quorum and two thirds are reached, with the real tally, and closes the other links", async () => {
    const { world, caseId } = await atCommittee();

    expect(await decideAs(world, caseId, "cm.a", "approve")).toMatchObject({
      kind: "RECORDED",
      stageOutcome: "pending",
    });
    expect(await decideAs(world, caseId, "cm.b", "decline", "too concentrated")).toMatchObject({
      stageOutcome: "pending",
    });
    expect(await decideAs(world, caseId, "cm.c", "approve")).toMatchObject({
      kind: "RECORDED",
      stageOutcome: "approve",
      delivery: "DELIVERED",
    });
    const closed = world.store.events.get(caseId)?.at(-1);
    expect(closed).toMatchObject({
      type: "STAGE_DECIDED",
      actor: "cm.c",
      payload: {
        stage: "COMMITTEE",
        outcome: "approve",
        tally: { approve: 2, decline: 1, votes: 3, roster: 5 },
      },
    });
    expect(world.engine.delivered.at(-1)).toEqual({
      taskToken: tokenFor(caseId, "COMMITTEE", 1),
      outcome: "approve",
    });
    expect(approvalOf(world, caseId, "cm.d").status).toBe("SUPERSEDED");
    expect(approvalOf(world, caseId, "cm.e").status).toBe("SUPERSEDED");
    expect(await decideAs(world, caseId, "cm.d", "approve")).toMatchObject({ kind: "CLOSED" });
    expect(world.telemetry.count(METRICS.stageDecided, { outcome: "approve" })).toBe(3);
  });

  it("declines as soon as two thirds can no longer be reached", async () => {
    const { world, caseId } = await atCommittee();
    await decideAs(world, caseId, "cm.a", "decline", "too concentrated");
    expect(await decideAs(world, caseId, "cm.b", "decline", "too concentrated")).toMatchObject({
      stageOutcome: "decline",
    });
    expect(world.store.events.get(caseId)?.at(-1)?.payload).toEqual({
      stage: "COMMITTEE",
      outcome: "decline",
      tally: { approve: 0, decline: 2, votes: 2, roster: 5 },
    });
  });
});

describe("a stage past its SLA", () => {
  it("goes to the backup on the first timeout, stalls on the second, and the backup still decides", async () => {
    const world = memoryWorld();
    const { caseId } = await caseAtFirstStage(world, small());
    const first = approvalOf(world, caseId, "mgr.wang");

    // The first timeout: reassigned, the primary's approval superseded, the backup asked on attempt 2.
    expect(await escalateStep(world.deps, { caseId, stage: "MANAGER", attempt: 1 })).toEqual({
      stage: "MANAGER",
      attempt: 2,
      slaSeconds: expect.any(Number),
      stalled: false,
    });
    expect(approvalOf(world, caseId, "mgr.wang").status).toBe("SUPERSEDED");
    await openStageStep(world.deps, {
      caseId,
      stage: "MANAGER",
      attempt: 2,
      slaSeconds: SLA,
      taskToken: tokenFor(caseId, "MANAGER", 2),
    });
    const backup = approvalOf(world, caseId, "mgr.zhao");
    expect(backup).toMatchObject({ status: "PENDING", attempt: 2, mailedAt: expect.any(String) });
    expect(world.mailer.sent.at(-1)?.to).toEqual(["mgr.zhao@bank.example"]);
    expect(await decideAs(world, caseId, "mgr.wang", "approve")).toMatchObject({ kind: "CLOSED" });
    expect(first.approvalId).not.toBe(backup.approvalId);

    // The second: STALLED, credit administration told, and the stalled wait keeps the backup on a new token.
    expect(await escalateStep(world.deps, { caseId, stage: "MANAGER", attempt: 2 })).toMatchObject({
      attempt: 3,
      stalled: true,
    });
    expect(world.store.state(caseId)?.status).toBe("STALLED");
    expect(world.mailer.sent.at(-1)?.to).toEqual(["ca.ma@bank.example"]);
    await openStageStep(world.deps, {
      caseId,
      stage: "MANAGER",
      attempt: 3,
      slaSeconds: 0,
      taskToken: tokenFor(caseId, "MANAGER", 3),
    });
    expect(approvalOf(world, caseId, "mgr.zhao").taskToken).toBe(tokenFor(caseId, "MANAGER", 3));

    expect(await decideAs(world, caseId, "mgr.zhao", "approve")).toMatchObject({ delivery: "DELIVERED" });
    expect(world.engine.delivered.at(-1)).toEqual({
      taskToken: tokenFor(caseId, "MANAGER", 3),
      outcome: "approve",
    });
    expect(trail(world, caseId)).toEqual([
      "CASE_SUBMITTED",
      "CASE_ASSESSED",
      "STAGE_OPENED",
      "STAGE_REASSIGNED",
      "STAGE_OPENED",
      "CASE_STALLED",
      "TASK_REBOUND",
      "DECISION_RECORDED",
      "STAGE_DECIDED",
    ]);
    expect(world.telemetry.count(METRICS.slaEscalations)).toBe(1);
    expect(world.telemetry.count(METRICS.casesStalled)).toBe(1);
  });

  it("escalates nothing when the stage was decided at the moment of the timeout; the next wait delivers it", async () => {
    const world = memoryWorld();
    const { caseId } = await caseAtFirstStage(world, small());
    world.engine.closedTokens.add(tokenFor(caseId, "MANAGER", 1));
    expect(await decideAs(world, caseId, "mgr.wang", "approve")).toMatchObject({
      delivery: "ALREADY_CLOSED",
    });
    await escalateStep(world.deps, { caseId, stage: "MANAGER", attempt: 1 });
    await openStageStep(world.deps, {
      caseId,
      stage: "MANAGER",
      attempt: 2,
      slaSeconds: SLA,
      taskToken: tokenFor(caseId, "MANAGER", 2),
    });
    expect(world.engine.delivered).toEqual([
      { taskToken: tokenFor(caseId, "MANAGER", 2), outcome: "approve" },
    ]);
    expect(trail(world, caseId)).not.toContain("STAGE_REASSIGNED");
  });
});

describe("the reconciler", () => {
  it("restarts a case whose run is gone, mails again an approver never mailed, and leaves a healthy case alone", async () => {
    const world = memoryWorld();
    const lost = await caseAtFirstStage(world, small());
    const healthy = await caseAtFirstStage(world, small());
    const unmailed = await caseAtFirstStage(world, small());

    world.engine.runs.delete(`${lost.caseId}-v1`);
    const stuck = world.store.approvals.get(approvalOf(world, unmailed.caseId, "mgr.wang").approvalId);
    if (!stuck) throw new Error("no approval");
    world.store.approvals.set(stuck.approvalId, { ...stuck, mailedAt: undefined });
    const mailsBefore = world.mailer.sent.length;
    world.clock.advance(3600);

    const report = await reconcileCases(world.deps, { stuckAfterSeconds: 600 });

    expect(report.examined).toBe(3);
    expect(report.failures).toEqual([]);
    expect(report.repairs.map((r) => [r.caseId, r.action]).sort()).toEqual(
      [
        [lost.caseId, "WORKFLOW_RESTARTED"],
        [unmailed.caseId, "MAIL_RESENT"],
      ].sort(),
    );
    expect(world.engine.started.at(-1)).toEqual({
      name: `${lost.caseId}-v1-r1`,
      input: { caseId: lost.caseId, caseVersion: 1 },
    });
    expect(world.mailer.sent.slice(mailsBefore).map((m) => m.to)).toEqual([["mgr.wang@bank.example"]]);
    expect(world.store.approvals.get(stuck.approvalId)?.mailedAt).toEqual(expect.any(String));
    expect(trail(world, lost.caseId).at(-1)).toBe("CASE_RECOVERED");
    expect(trail(world, unmailed.caseId).at(-1)).toBe("CASE_RECOVERED");
    expect(trail(world, healthy.caseId).at(-1)).toBe("STAGE_OPENED");
    expect(world.telemetry.count(METRICS.casesRepaired)).toBe(2);
    expect(
      world.telemetry.lines
        .filter((l) => l.message === "reconciler repaired a stuck case")
        .map((l) => l.attributes.caseId)
        .sort(),
    ).toEqual([lost.caseId, unmailed.caseId].sort());

    // Repaired, the cases are healthy: a second run finds nothing to do.
    const again = await reconcileCases(world.deps, { stuckAfterSeconds: 0 });
    expect(again.repairs).toEqual([]);
  });

  it("judges nothing that changed within the stuck-after window", async () => {
    const world = memoryWorld();
    const lost = await caseAtFirstStage(world, small());
    world.engine.runs.delete(`${lost.caseId}-v1`);
    const report = await reconcileCases(world.deps, { stuckAfterSeconds: 600 });
    expect(report).toEqual({ examined: 1, repairs: [], failures: [] });
    expect(world.telemetry.count(METRICS.casesRepaired)).toBe(0);
  });
});
