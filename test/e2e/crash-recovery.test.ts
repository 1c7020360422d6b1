import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Driver, waitFor } from "../../infra/local/driver";
import { commandLine, isAlive, isLoopback, processTree, tcpListeners } from "../../infra/local/listeners";
import { freePorts } from "../../infra/local/stack";
import { EMAIL, Scenario, SMALL_CASE_APPROVED_TRAIL, smallCase } from "./harness";
import { type RuntimeProcess, spawnRuntime } from "./runtime-process";

/**
 * `npm start` killed with SIGKILL while cases are in flight, then started again on the same data and
 * ports: every case must reach its primary approver and complete from the mailed links, and nothing
 * of the first run (DynamoDB Local) may survive it. SLAs stay a day away (real time).
 */

const CASES = 40;
let running: RuntimeProcess | undefined;

afterAll(async () => {
  await running?.stop();
});

function javaOf(pid: number): number[] {
  return processTree(pid).filter((p) => p !== pid && /\bjava\b/.test(commandLine(p) ?? ""));
}

describe("a crash of npm start", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "credit-crash-"));
  let ports: Awaited<ReturnType<typeof freePorts>>;
  let caseIds: string[] = [];
  let javaPids: number[] = [];

  it("listens on loopback only, DynamoDB Local included", async () => {
    ports = await freePorts();
    running = await spawnRuntime({ dataDir, ports });
    javaPids = javaOf(running.pid);
    expect(javaPids.length).toBe(1);
    const ours = new Set(processTree(running.pid));
    const listeners = tcpListeners().filter((l) => l.pids.some((p) => ours.has(p)));
    const ports3 = [ports.gateway, ports.sfn, ports.dynamo];
    expect(listeners.map((l) => l.port).sort()).toEqual(expect.arrayContaining(ports3));
    const exposed = listeners.filter((l) => !isLoopback(l.address));
    expect(exposed, `listeners beyond loopback: ${JSON.stringify(exposed)}`).toEqual([]);
  }, 180_000);

  it(`loses none of ${CASES} cases in flight and leaves no Java behind`, async () => {
    const first = running as RuntimeProcess;
    const s1 = new Scenario(new Driver(first.url));
    caseIds = await Promise.all(Array.from({ length: CASES }, () => s1.submit(smallCase())));
    // None can finish without people, so all are in flight; the kill lands while stages are opening.
    await s1.driver.mailTo(EMAIL("mgr.wang"), "CASE-");
    first.child.kill("SIGKILL");
    const killedAt = new Date().toISOString();
    await waitFor("the killed runtime to be gone", async () => (isAlive(first.pid) ? undefined : true));
    await waitFor(
      `DynamoDB Local (pid ${javaPids.join(", ")}) to end with its parent`,
      async () => (javaPids.some(isAlive) ? undefined : true),
      30_000,
    );

    running = await spawnRuntime({ dataDir, ports });
    const driver = new Driver(running.url);
    const s = new Scenario(driver);
    const mailedBefore = new Set(
      (await driver.outbox())
        .filter((m) => m.at < killedAt && m.to.includes(EMAIL("mgr.wang")))
        .flatMap((m) => caseIds.filter((id) => m.text.includes(id))),
    );

    const reached = await Promise.allSettled(
      caseIds.map((id) => driver.mailTo(EMAIL("mgr.wang"), id).then(() => id)),
    );
    const stuck = caseIds.filter((_, i) => reached[i]?.status === "rejected");
    console.log(
      `crash test: ${CASES} cases in flight at the kill, ${mailedBefore.size} had mailed their manager before it; ` +
        `${stuck.length} stuck after the restart`,
    );
    expect(stuck, "cases whose primary approver was never mailed after the restart").toEqual([]);

    await Promise.all(
      caseIds.map(async (id) => {
        await s.decide("mgr.wang", id, "approve");
        await s.decide("bc.liu", id, "approve");
        await s.waitStatus(id, "APPROVED", 60_000);
      }),
    );
    const completed = await Promise.all(caseIds.map((id) => s.view(id)));
    console.log(
      `crash test: ${completed.filter((v) => v.status === "APPROVED").length} of ${CASES} completed from the primary's links`,
    );
    expect(completed.every((v) => v.status === "APPROVED")).toBe(true);
    // Resumed steps repeated nothing: each trail is the one of a case that never saw a crash.
    const trails = await Promise.all(caseIds.map(async (id) => (await s.history(id)).map((e) => e.type)));
    for (const types of trails) expect(types).toEqual(SMALL_CASE_APPROVED_TRAIL);
  }, 300_000);
});
