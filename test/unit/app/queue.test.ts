import { describe, expect, it } from "vitest";
import { readableQueue } from "../../../functions/app/workflow/queries";
import { submitCase } from "../../../functions/app/workflow/submit";
import { fixture } from "../../support/applications";
import { memoryWorld } from "../../support/memory-ports";

let applications = 0;
function applicationOf(branch: string, rm: string) {
  const app = fixture("a2-wholesale");
  app.applicationId = `APP-QUEUE-${++applications}`;
  app.branch = branch;
  app.submittedBy = rm;
  return app;
}

describe("credit administration's queue", () => {
  it("filters what the caller may read before cutting the page", async () => {
    const world = memoryWorld();
    const futian = await submitCase(world.deps, applicationOf("SZ-FUTIAN", "rm.huang"), "rm.huang");
    // Newer cases of another branch in the same status, which ca.feng (Futian only) may not read.
    for (let i = 0; i < 3; i++) {
      world.clock.advance(60);
      await submitCase(world.deps, applicationOf("GZ-TIANHE", "rm.chen"), "rm.chen");
    }
    expect(futian.kind).toBe("CREATED");
    if (futian.kind !== "CREATED") return;

    const page = await readableQueue(world.deps, "ca.feng", "SUBMITTED", 1);
    expect(page.map((s) => s.caseId)).toEqual([futian.caseId]);
    // ca.ma administers both branches: the newest first, cut at the limit.
    const both = await readableQueue(world.deps, "ca.ma", "SUBMITTED", 2);
    expect(both.map((s) => s.branch)).toEqual(["GZ-TIANHE", "GZ-TIANHE"]);
    expect(await readableQueue(world.deps, "ca.feng", "SUBMITTED", 10)).toHaveLength(1);
  });
});
