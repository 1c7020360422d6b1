import { describe, expect, it } from "vitest";
import {
  type Application,
  BUILT_IN_PORTFOLIO_PLANS,
  createPortfolioRegistry,
  registryWithPlanFile,
  reproducePortfolioChecks,
} from "../../../domain";
import { commitExposureStep } from "../../../functions/app/workflow/commit-exposure";
import { finalizeStep } from "../../../functions/app/workflow/finalize";
import { nextStageStep } from "../../../functions/app/workflow/next-stage";
import { fixture } from "../../support/applications";
import { memoryBook, memoryWorld } from "../../support/memory-ports";
import { caseAtFirstStage, decideAs, openNextStage, trail } from "../../support/memory-workflow";
import { planFile, uscc } from "../../support/portfolio";

/** A world whose default plan has a program limit of `limit` (hard), beside the built-in plans. */
function tinyPlan(limit: string) {
  const data = planFile();
  data.planId = "sme-portfolio-2026.1-tiny";
  data.programLimit = { ...data.programLimit, amount: limit, hard: true };
  return data;
}

function worldWithProgramLimit(limit: string) {
  const data = tinyPlan(limit);
  const plans = registryWithPlanFile(data);
  if (!plans.ok) throw new Error(JSON.stringify(plans.error));
  const world = memoryWorld();
  const deps = { ...world.deps, book: memoryBook(world.store, plans.value) };
  return { ...world, deps };
}

type TinyWorld = ReturnType<typeof worldWithProgramLimit>;

let n = 0;
function loan(amount: string): Application {
  const app = fixture("a2-wholesale");
  app.applicationId = `APP-BOOK-${++n}`;
  app.facilities = [{ type: "working_capital", amount, tenorMonths: 12 }];
  return app;
}

/** Every stage still open on the route approved by its approvers, as the state machine would run them. */
async function approveRemainingStages(world: TinyWorld, caseId: string): Promise<void> {
  for (;;) {
    if ((await nextStageStep(world.deps, { caseId })).done) return;
    await openNextStage(world, caseId);
    const pending = world.store.state(caseId)?.pendingApprovals ?? [];
    for (const p of pending) await decideAs(world, caseId, p.approverId, "approve");
  }
}

const used = (world: TinyWorld, counter: string) => world.store.counters.get(counter)?.used.toFixed(2);
const reserved = (world: TinyWorld, counter: string) =>
  world.store.counters.get(counter)?.reserved.toFixed(2);

describe("the loan book at assessment and at final approval", () => {
  it("checks a case against book + reservations + itself: a breach is PORTFOLIO_LIMIT and routes to head office", async () => {
    const world = worldWithProgramLimit("8000000.00");
    const a = await caseAtFirstStage(world, loan("5000000.00"));
    const b = await caseAtFirstStage(world, loan("5000000.00"));
    const stateA = world.store.state(a.caseId);
    const stateB = world.store.state(b.caseId);
    expect(stateA?.route).toEqual(["MANAGER", "BRANCH_CREDIT"]);
    expect(stateA?.assessment?.exceptions).not.toContain("PORTFOLIO_LIMIT");
    expect(stateB?.route).toEqual(["MANAGER", "BRANCH_CREDIT", "HEAD_OFFICE"]);
    expect(stateB?.assessment?.exceptions).toContain("PORTFOLIO_LIMIT");
    const assessed = world.store.events.get(b.caseId)?.find((e) => e.type === "CASE_ASSESSED");
    const record = assessed?.type === "CASE_ASSESSED" ? assessed.payload.portfolio : undefined;
    expect(record?.planId).toBe("sme-portfolio-2026.1-tiny");
    expect(record?.planHash).toBe(world.deps.book.plans.get().hash);
    expect(record?.breaches).toEqual([
      expect.objectContaining({
        cap: "PROGRAM",
        limit: "8000000.00",
        used: "0.00",
        reserved: "5000000.00",
        headroom: "3000000.00",
        amount: "5000000.00",
        hard: true,
      }),
    ]);
    expect(reserved(world, "PROGRAM")).toBe("10000000.00");
  });

  it("two approvals racing for the last headroom: exactly one commits, the other goes back to head office", async () => {
    const world = worldWithProgramLimit("8000000.00");
    const a = await caseAtFirstStage(world, loan("5000000.00"));
    const b = await caseAtFirstStage(world, loan("5000000.00"));
    await approveRemainingStages(world, a.caseId);
    await approveRemainingStages(world, b.caseId);
    const results = await Promise.all([
      commitExposureStep(world.deps, { caseId: a.caseId }),
      commitExposureStep(world.deps, { caseId: b.caseId }),
    ]);
    expect(results.map((r) => r.committed).sort()).toEqual([false, true]);
    expect(used(world, "PROGRAM")).toBe("5000000.00");
    const loser = results[0]?.committed ? b.caseId : a.caseId;
    const winner = loser === a.caseId ? b.caseId : a.caseId;
    expect(trail(world, winner)).toContain("EXPOSURE_COMMITTED");
    expect(trail(world, loser)).toContain("PORTFOLIO_COMMIT_REFUSED");
    expect(trail(world, loser)).not.toContain("EXPOSURE_COMMITTED");
    expect([...world.store.exposures.keys()]).toEqual([winner]);
    // The loser waits at head office, with the exception, and a hard cap cannot be approved past.
    const next = await nextStageStep(world.deps, { caseId: loser });
    expect(next).toMatchObject({ done: false, stage: "HEAD_OFFICE" });
    expect(world.store.state(loser)?.assessment?.exceptions).toContain("PORTFOLIO_LIMIT");
    await approveRemainingStages(world, loser);
    expect(await commitExposureStep(world.deps, { caseId: loser })).toEqual({ committed: false });
    expect(used(world, "PROGRAM")).toBe("5000000.00");
    // A retried commit of the winner finds its work done and moves nothing.
    expect(await commitExposureStep(world.deps, { caseId: winner })).toEqual({ committed: true });
    expect(used(world, "PROGRAM")).toBe("5000000.00");
  });

  it("takes a declined case's reservation back off the book", async () => {
    const world = worldWithProgramLimit("8000000.00");
    const a = await caseAtFirstStage(world, loan("5000000.00"));
    expect(reserved(world, "PROGRAM")).toBe("5000000.00");
    await decideAs(
      world,
      a.caseId,
      world.store.state(a.caseId)?.pendingApprovals[0]?.approverId ?? "",
      "decline",
    );
    await finalizeStep(world.deps, { caseId: a.caseId, status: "DECLINED" });
    expect(reserved(world, "PROGRAM")).toBe("0.00");
    expect(trail(world, a.caseId)).toContain("RESERVATION_RELEASED");
    expect(world.store.state(a.caseId)?.book?.state).toBe("RELEASED");
  });

  it("flags a guarantee circle of three firms across the book on the application that closes it", async () => {
    const world = worldWithProgramLimit("5000000000.00");
    const [f1, f2, f3] = [uscc(101), uscc(102), uscc(103)];
    const guaranteed = (borrower: string, guarantor: string) => {
      const app = loan("3000000.00");
      app.borrower.partyId = borrower;
      app.guarantors = app.guarantors
        .slice(0, 1)
        .map((g) => ({ ...g, partyId: guarantor, guaranteedAmount: "1000000.00" }));
      return app;
    };
    // f2 guarantees f1, f3 guarantees f2: a chain, approved and in the book.
    for (const [borrower, guarantor] of [
      [f1, f2],
      [f2, f3],
    ] as const) {
      const { caseId } = await caseAtFirstStage(world, guaranteed(borrower, guarantor));
      expect(world.store.state(caseId)?.assessment?.exceptions).not.toContain("GUARANTEE_CIRCLE");
      await approveRemainingStages(world, caseId);
      expect(await commitExposureStep(world.deps, { caseId })).toEqual({ committed: true });
    }
    // f1 guaranteeing f3 closes the circle f1 → f3 → f2 → f1.
    const { caseId } = await caseAtFirstStage(world, guaranteed(f3, f1));
    const state = world.store.state(caseId);
    expect(state?.assessment?.exceptions).toContain("GUARANTEE_CIRCLE");
    expect(state?.route.at(-1)).toBe("HEAD_OFFICE");
    const assessed = world.store.events.get(caseId)?.find((e) => e.type === "CASE_ASSESSED");
    const circle = assessed?.type === "CASE_ASSESSED" ? assessed.payload.circle : undefined;
    expect(circle?.details).toMatchObject({
      scope: "book",
      borrower: f3,
      members: [f1, f2, f3].sort(),
      chain: [f3, f2, f1, f3],
      chainAmounts: ["1000000.00", "1000000.00", "1000000.00"],
    });
    expect(circle?.message).toContain("guarantee circle across the book of 3 parties");
  });

  it("reproduces a recorded book check under its own plan version after a new plan became the default", async () => {
    const world = worldWithProgramLimit("8000000.00");
    await caseAtFirstStage(world, loan("5000000.00"));
    const b = await caseAtFirstStage(world, loan("5000000.00"));
    const events = world.store.events.get(b.caseId) ?? [];
    const next = planFile();
    next.planId = "sme-portfolio-2026.2-test";
    next.programLimit = { ...next.programLimit, amount: "100000000.00" };
    const later = createPortfolioRegistry(
      {
        ...BUILT_IN_PORTFOLIO_PLANS,
        "sme-portfolio-2026.1-tiny": tinyPlan("8000000.00"),
        [next.planId]: next,
      },
      next.planId,
    );
    expect(later.get().id).toBe("sme-portfolio-2026.2-test");
    expect(reproducePortfolioChecks(events, later)).toEqual([
      expect.objectContaining({ ok: true, planId: "sme-portfolio-2026.1-tiny" }),
    ]);
    // The recorded plan edited under the same id no longer reproduces: its hash gives it away.
    const edited = createPortfolioRegistry(
      { ...BUILT_IN_PORTFOLIO_PLANS, "sme-portfolio-2026.1-tiny": tinyPlan("9000000.00") },
      "sme-portfolio-2026.1-tiny",
    );
    expect(reproducePortfolioChecks(events, edited)).toEqual([
      expect.objectContaining({ ok: false, message: expect.stringContaining("now hashes to") }),
    ]);
  });
});
