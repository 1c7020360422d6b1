import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Driver } from "../../infra/local/driver";
import { freePorts, type LocalStack, startStack } from "../../infra/local/stack";
import { Scenario, smallCase } from "./harness";

let current: LocalStack | undefined;
afterAll(async () => {
  await current?.stop();
});

describe("restart while waiting", () => {
  it("keeps the waiting execution and its link working across a restart of the runtime", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "credit-restart-"));
    // Same ports and data directory on both runs, as `npm start` twice on one machine.
    const ports = await freePorts();
    const first = await startStack({ dataDir, timeScale: 1, ports });
    current = first;
    const s1 = new Scenario(new Driver(first.url));
    const caseId = await s1.submit(smallCase());
    const link = await s1.link("mgr.wang", caseId);
    await first.stop();

    const second = await startStack({ dataDir, timeScale: 1, ports });
    current = second;
    const driver = new Driver(second.url);
    const s2 = new Scenario(driver);
    expect((await driver.decide(link, "approve", "after restart")).status).toBe(200);
    await s2.decide("bc.liu", caseId, "approve");
    const done = await s2.waitStatus(caseId, "APPROVED");
    expect(done.status).toBe("APPROVED");
  }, 120_000);
});
