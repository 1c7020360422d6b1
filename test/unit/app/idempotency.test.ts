import { describe, expect, it } from "vitest";
import { submitCase } from "../../../functions/app/workflow/submit";
import { fixture } from "../../support/applications";
import { memoryWorld } from "../../support/memory-ports";

/** POST /cases with an Idempotency-Key, over in-memory ports with the DynamoDB adapter's transaction semantics. */

let applications = 0;
function small() {
  const app = fixture("a2-wholesale");
  app.applicationId = `APP-IDEM-${++applications}`;
  app.facilities = [{ type: "working_capital", amount: "5000000.00", tenorMonths: 12 }];
  return app;
}

describe("an Idempotency-Key on a submission", () => {
  it("answers a retry with the first answer: the same case, no second case, no second run", async () => {
    const world = memoryWorld();
    const app = small();
    const first = await submitCase(world.deps, app, "rm.chen", "key-1");
    expect(first).toMatchObject({ kind: "CREATED", caseVersion: 1, status: "SUBMITTED" });
    expect(first.replayed).toBeUndefined();
    // The same body in another key order is the same request.
    const reordered = Object.fromEntries(Object.entries(structuredClone(app)).reverse());
    const again = await submitCase(world.deps, reordered, "rm.chen", "key-1");
    expect(again).toEqual({ ...first, replayed: true });
    expect(world.store.events.size).toBe(1);
    expect(world.engine.started).toHaveLength(1);
  });

  it("answers a retry after the case moved on with what the first request got", async () => {
    const world = memoryWorld();
    const app = small();
    const first = await submitCase(world.deps, app, "rm.chen", "key-2");
    if (first.kind !== "CREATED") throw new Error(first.kind);
    const { assessStep } = await import("../../../functions/app/workflow/assess");
    await assessStep(world.deps, { caseId: first.caseId, caseVersion: 1 });
    expect(world.store.state(first.caseId)?.status).not.toBe("SUBMITTED");
    expect(await submitCase(world.deps, app, "rm.chen", "key-2")).toMatchObject({
      kind: "CREATED",
      caseId: first.caseId,
      status: "SUBMITTED",
      replayed: true,
    });
  });

  it("replays a refusal by the engine as that refusal, not as a success", async () => {
    const world = memoryWorld();
    world.engine.refuseStarts = true;
    const app = small();
    const first = await submitCase(world.deps, app, "rm.chen", "key-3");
    expect(first).toMatchObject({ kind: "ENGINE_UNAVAILABLE" });
    world.engine.refuseStarts = false;
    expect(await submitCase(world.deps, app, "rm.chen", "key-3")).toEqual({ ...first, replayed: true });
    expect(world.engine.started).toHaveLength(0);
  });

  it("refuses the same key with another body, naming the key and the case, and stores nothing", async () => {
    const world = memoryWorld();
    const first = await submitCase(world.deps, small(), "rm.chen", "key-4");
    if (first.kind !== "CREATED") throw new Error(first.kind);
    const appends = world.store.appends;
    const other = await submitCase(world.deps, small(), "rm.chen", "key-4");
    expect(other.kind).toBe("KEY_REUSED");
    if (other.kind !== "KEY_REUSED") return;
    expect(other.message).toContain('"key-4"');
    expect(other.message).toContain(first.caseId);
    expect(world.store.appends).toBe(appends);
  });

  it("keeps keys per caller: another caller's same key is a new submission", async () => {
    const world = memoryWorld();
    const mine = await submitCase(world.deps, small(), "rm.chen", "shared");
    expect(mine.kind).toBe("CREATED");
    const app = small();
    app.submittedBy = "rm.li";
    const theirs = await submitCase(world.deps, app, "rm.li", "shared");
    expect(theirs.kind, JSON.stringify(theirs)).toBe("CREATED");
    expect(world.store.keys.size).toBe(2);
  });

  it("records no key for a request that stored no case (invalid, forbidden), so a corrected retry may use it", async () => {
    const world = memoryWorld();
    const bad = { ...small(), facilities: [] };
    expect((await submitCase(world.deps, bad, "rm.chen", "key-5")).kind).toBe("INVALID");
    expect(world.store.keys.size).toBe(0);
    expect((await submitCase(world.deps, small(), "rm.chen", "key-5")).kind).toBe("CREATED");
  });

  it("gives two racing requests with one key one case and the same answer", async () => {
    const world = memoryWorld();
    const app = small();
    const [a, b] = await Promise.all([
      submitCase(world.deps, app, "rm.chen", "key-6"),
      submitCase(world.deps, app, "rm.chen", "key-6"),
    ]);
    expect(world.store.events.size).toBe(1);
    const { replayed: _a, ...first } = a;
    const { replayed: _b, ...second } = b;
    expect(first).toEqual(second);
    expect([a.replayed, b.replayed].filter(Boolean)).toHaveLength(1);
  });
});
