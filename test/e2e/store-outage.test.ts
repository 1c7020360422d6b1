import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Driver, waitFor } from "../../infra/local/driver";
import { isAlive, tcpListeners } from "../../infra/local/listeners";
import { freePorts, type LocalStack, startStack } from "../../infra/local/stack";
import { Scenario, smallCase } from "./harness";

let stack: LocalStack | undefined;
afterAll(async () => {
  await stack?.stop();
});

describe("DynamoDB Local dying under the running product", () => {
  it("answers 503 with Retry-After while the store is down, restarts it on its data and loses nothing", async () => {
    const ports = await freePorts();
    stack = await startStack({ dataDir: mkdtempSync(join(tmpdir(), "credit-outage-")), timeScale: 1, ports });
    const driver = new Driver(stack.url);
    const s = new Scenario(driver);
    const waiting = await s.submit(smallCase());
    const managerLink = await s.link("mgr.wang", waiting);

    const [java] = tcpListeners().find((l) => l.port === ports.dynamo)?.pids ?? [];
    expect(java, "the process listening on the DynamoDB Local port").toBeDefined();
    process.kill(java as number, "SIGKILL");

    const statuses: number[] = [];
    const down = await waitFor("a request to meet the outage", async () => {
      const r = await driver.request("GET", `/cases/${waiting}`, { user: "ca.ma" });
      statuses.push(r.status);
      return r.status === 200 ? undefined : r;
    });
    expect(down.status).toBe(503);
    expect(down.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(isAlive(java as number)).toBe(false);

    await waitFor(
      "the store to be back",
      async () => {
        const r = await driver.request("GET", `/cases/${waiting}`, { user: "ca.ma" });
        statuses.push(r.status);
        return r.status === 200 ? r : undefined;
      },
      60_000,
    );
    expect(statuses.filter((code) => code !== 200 && code !== 503)).toEqual([]);

    // The case that waited through the outage completes from the link mailed before it.
    expect((await driver.decide(managerLink, "approve", "after the outage")).status).toBe(200);
    await s.decide("bc.liu", waiting, "approve");
    expect((await s.waitStatus(waiting, "APPROVED")).status).toBe("APPROVED");
    // And new work goes through as before.
    const after = await s.submit(smallCase());
    await s.decide("mgr.wang", after, "approve");
    await s.decide("bc.liu", after, "approve");
    expect((await s.waitStatus(after, "APPROVED")).status).toBe("APPROVED");
  }, 180_000);
});
