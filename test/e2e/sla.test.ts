import { afterAll, describe, expect, it } from "vitest";
import { Driver, waitFor } from "../../infra/local/driver";
import { type LocalStack, startStack } from "../../infra/local/stack";
import { EMAIL, Scenario, smallCase } from "./harness";

const stacks: LocalStack[] = [];
afterAll(async () => {
  for (const s of stacks) await s.stop();
});

describe("SLA timeouts escalate and never approve", () => {
  it("reassigns to the backup on the first timeout and flags STALLED on the second", async () => {
    // 24 h of manager SLA in ~0.6 s of wall time.
    const stack = await startStack({ inMemory: true, timeScale: 150_000 });
    stacks.push(stack);
    const driver = new Driver(stack.url);
    const s = new Scenario(driver);
    const caseId = await s.submit(smallCase());
    const firstLink = await s.link("mgr.wang", caseId);
    const backupLink = await s.link("mgr.zhao", caseId);

    const old = await driver.open(firstLink);
    expect(old.status).toBe(409);
    expect(old.form).toBeUndefined();

    const stalled = await s.waitStatus(caseId, "STALLED");
    expect(stalled.stage).toBe("MANAGER");
    expect(stalled.pendingApprovers).toEqual(["mgr.zhao"]);
    await driver.mailTo(EMAIL("ca.ma"), `Case ${caseId} is STALLED`);
    const types = (await s.history(caseId)).map((e) => e.type);
    expect(types).toContain("STAGE_REASSIGNED");
    expect(types).toContain("CASE_STALLED");
    expect(types.filter((t) => t === "STAGE_DECIDED")).toHaveLength(0);

    const decided = await driver.decide(backupLink, "approve", "covering for the manager");
    expect(decided.status).toBe(200);
    await waitFor("branch credit stage", async () =>
      (await s.view(caseId)).stage === "BRANCH_CREDIT" ? true : undefined,
    );
  }, 60_000);
});
