import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Driver, waitFor } from "../../infra/local/driver";
import { type LocalStack, startStack } from "../../infra/local/stack";
import { planFile } from "../support/portfolio";
import { type CaseView, Scenario, smallCase } from "./harness";

/**
 * The loan book through npm start's stack, with PORTFOLIO_FILE naming a plan whose program is tiny
 * (8,000,000, hard): its facility-type caps are 20% of that (1,600,000 each, soft) and its exception
 * cap 10% (800,000, soft). Cases run through the HTTP API, the state machine and e-mailed links.
 */

const PLAN_ID = "sme-portfolio-2026.1-e2e-tiny";
let stack: LocalStack;
let s: Scenario;
let planDir: string;

beforeAll(async () => {
  planDir = mkdtempSync(join(tmpdir(), "portfolio-plan-"));
  const plan = planFile();
  plan.planId = PLAN_ID;
  plan.programLimit = { ...plan.programLimit, amount: "8000000.00", hard: true };
  const file = join(planDir, "plan.json");
  writeFileSync(file, JSON.stringify(plan));
  process.env.PORTFOLIO_FILE = file;
  stack = await startStack({ inMemory: true, timeScale: 1 });
  s = new Scenario(new Driver(stack.url));
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  delete process.env.PORTFOLIO_FILE;
  rmSync(planDir, { recursive: true, force: true });
});

interface Breach {
  cap: string;
  limit: string;
  headroom: string;
  amount: string;
  hard: boolean;
}

type Event = { type: string; payload?: Record<string, unknown> };

async function events(caseId: string): Promise<Event[]> {
  return (await s.history(caseId)) as Event[];
}

/** The breaches the assessment's book check recorded, and the plan it ran under. */
async function bookCheck(caseId: string): Promise<{ planId: string; planHash: string; breaches: Breach[] }> {
  const assessed = (await events(caseId)).find((e) => e.type === "CASE_ASSESSED");
  return assessed?.payload?.portfolio as { planId: string; planHash: string; breaches: Breach[] };
}

/** Waiting at head office with someone asked: where a case the book refused ends. */
function atHeadOffice(caseId: string): Promise<CaseView> {
  return waitFor(`case ${caseId} to wait at head office`, async () => {
    const v = await s.view(caseId);
    return v.status === "IN_APPROVAL" && v.stage === "HEAD_OFFICE" && v.pendingApprovers.length > 0
      ? v
      : undefined;
  });
}

describe("the loan book at approval time, end to end", () => {
  it("two approvals racing past the program limit: one APPROVED and committed, the other at head office with PORTFOLIO_LIMIT", async () => {
    const a = await s.submit(smallCase());
    expect((await s.waitStatus(a, "IN_APPROVAL")).route).toEqual(["MANAGER", "BRANCH_CREDIT"]);
    const b = await s.submit(smallCase());
    const viewB = await s.waitStatus(b, "IN_APPROVAL");
    // B is checked against A's reservation: 5,000,000 reserved + 5,000,000 > 8,000,000.
    expect(viewB.route).toEqual(["MANAGER", "BRANCH_CREDIT", "HEAD_OFFICE"]);
    expect(viewB.assessment?.exceptions).toContain("PORTFOLIO_LIMIT");
    const check = await bookCheck(b);
    expect(check.planId).toBe(PLAN_ID);
    expect(check.breaches).toEqual([
      expect.objectContaining({
        cap: "PROGRAM",
        limit: "8000000.00",
        headroom: "3000000.00",
        amount: "5000000.00",
        hard: true,
      }),
    ]);

    await s.decide("mgr.wang", a, "approve");
    await s.decide("mgr.wang", b, "approve");
    await s.decide("bc.liu", b, "approve");
    // The last approval of each, at the same time: both cases reach the book together.
    await Promise.all([s.decide("bc.liu", a, "approve"), s.decide("ho.zhang", b, "approve")]);

    const outcome = await waitFor("one case approved and the other back at head office", async () => {
      const [va, vb] = [await s.view(a), await s.view(b)];
      const approved = [va, vb].filter((v) => v.status === "APPROVED");
      const waiting = [va, vb].filter((v) => v.status === "IN_APPROVAL" && v.stage === "HEAD_OFFICE");
      return approved.length === 1 && waiting.length === 1
        ? { winner: approved[0] as CaseView, loser: waiting[0] as CaseView }
        : undefined;
    });
    const loser = await atHeadOffice(outcome.loser.caseId);
    expect(loser.assessment?.exceptions).toContain("PORTFOLIO_LIMIT");
    const loserTrail = await events(loser.caseId);
    const refused = loserTrail.find((e) => e.type === "PORTFOLIO_COMMIT_REFUSED");
    expect(refused?.payload?.refused).toEqual([
      expect.objectContaining({ cap: "PROGRAM", limit: "8000000.00", headroom: "3000000.00", hard: true }),
    ]);
    expect(loserTrail.map((e) => e.type)).not.toContain("EXPOSURE_COMMITTED");
    expect(loserTrail.map((e) => e.type)).not.toContain("CASE_FINALIZED");
    const winnerTrail = (await events(outcome.winner.caseId)).map((e) => e.type);
    expect(winnerTrail.slice(-2)).toEqual(["EXPOSURE_COMMITTED", "CASE_FINALIZED"]);

    // Head office approves again: the program is hard, so the book refuses again and it stays open.
    await s.decide(loser.pendingApprovers[0] ?? "", loser.caseId, "approve");
    await waitFor("the second refusal", async () => {
      const types = (await events(loser.caseId)).map((e) => e.type);
      return types.filter((t) => t === "PORTFOLIO_COMMIT_REFUSED").length === 2 ? true : undefined;
    });
    expect((await atHeadOffice(loser.caseId)).status).toBe("IN_APPROVAL");
  }, 180_000);

  it("names a facility-type cap the case would take past its share of the program", async () => {
    const caseId = await s.submit(
      smallCase((app) => {
        app.facilities = [
          { type: "working_capital", amount: "500000.00", tenorMonths: 12 },
          { type: "equipment", amount: "2000000.00", tenorMonths: 36 },
        ];
      }),
    );
    const v = await s.waitStatus(caseId, "IN_APPROVAL");
    expect(v.route.at(-1)).toBe("HEAD_OFFICE");
    expect(v.assessment?.exceptions).toContain("PORTFOLIO_LIMIT");
    const { breaches } = await bookCheck(caseId);
    expect(breaches).toContainEqual(
      expect.objectContaining({
        cap: "FACILITY:equipment",
        limit: "1600000.00",
        headroom: "1600000.00",
        amount: "2000000.00",
        hard: false,
      }),
    );
  });

  it("names the exception cap when a case with a policy exception would pass it", async () => {
    const caseId = await s.submit(
      smallCase((app) => {
        app.borrower.industryCode = "C3011";
        app.facilities = [{ type: "working_capital", amount: "1000000.00", tenorMonths: 12 }];
      }),
    );
    const v = await s.waitStatus(caseId, "IN_APPROVAL");
    expect(v.assessment?.exceptions.length).toBeGreaterThan(1);
    const { breaches } = await bookCheck(caseId);
    expect(breaches).toContainEqual(
      expect.objectContaining({ cap: "EXCEPTIONS", limit: "800000.00", amount: "1000000.00", hard: false }),
    );
  });
});
