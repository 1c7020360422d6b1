import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signLink } from "../../functions/app/links";
import { Driver } from "../../infra/local/driver";
import { type LocalStack, startStack } from "../../infra/local/stack";
import { EMAIL, freshApplication, Scenario, SMALL_CASE_APPROVED_TRAIL, smallCase } from "./harness";

// Real time: no SLA can run out while these tests click through (timeouts have their own file).
let stack: LocalStack;
let s: Scenario;
let driver: Driver;

beforeAll(async () => {
  stack = await startStack({ inMemory: true, timeScale: 1 });
  driver = new Driver(stack.url);
  s = new Scenario(driver);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

/** The payload of the case's committee STAGE_DECIDED event, as the history route shows it. */
async function committeeClose(caseId: string): Promise<unknown> {
  const events = (await s.history(caseId)) as { type: string; payload?: { stage?: string } }[];
  return events.filter((e) => e.type === "STAGE_DECIDED" && e.payload?.stage === "COMMITTEE").at(-1)?.payload;
}

describe("the approval workflow through the HTTP API and e-mailed links", () => {
  it("approves a small clean case at manager and branch credit", async () => {
    const caseId = await s.submit(smallCase());
    const v = await s.waitStatus(caseId, "IN_APPROVAL");
    expect(v.route).toEqual(["MANAGER", "BRANCH_CREDIT"]);
    await s.decide("mgr.wang", caseId, "approve");
    await s.decide("bc.liu", caseId, "approve");
    const done = await s.waitStatus(caseId, "APPROVED");
    expect(done.pendingApprovers).toEqual([]);
    const types = (await s.history(caseId)).map((e) => e.type);
    expect(types).toEqual(SMALL_CASE_APPROVED_TRAIL);
    const rmMail = await driver.mailTo(EMAIL("rm.chen"), "APPROVED");
    expect(rmMail.subject).toContain("APPROVED");
  });

  it("records an approval's conditions on the case and shows them, with their messages, in the mails and the page", async () => {
    const caseId = await s.submit(
      smallCase((a) => {
        a.facilities = [
          { type: "working_capital", amount: "4000000.00", tenorMonths: 12 },
          { type: "equipment", amount: "1000000.00", tenorMonths: 36 },
        ];
      }),
    );
    await s.waitStatus(caseId, "IN_APPROVAL");
    const mail = await s.mail("mgr.wang", caseId);
    expect(mail.text).toContain("Exceptions: none");
    expect(mail.text).toContain("Conditions of approval:");
    expect(mail.text).toContain("· EQUIPMENT_PLEDGED — the equipment financed is pledged to the bank");
    expect(mail.text).toMatch(
      // The amounts grouped, as an approver reads them on a phone.
      /· RECEIPTS_3X — third-party sales receipts .* \(15,000,000\.00 for the requested 5,000,000\.00\)/,
    );
    const page = await driver.open(driver.approvalLink(mail));
    expect(page.html).toContain("<h2>Conditions of approval</h2>");
    expect(page.html).toContain(
      "<strong>SETTLEMENT_ACCOUNT</strong> — the borrower opens a settlement account at the bank",
    );
    expect(page.form).toBeDefined();
    await driver.submitForm(page.form as NonNullable<typeof page.form>, "approve", "reviewed");
    await s.decide("bc.liu", caseId, "approve");
    const done = await s.waitStatus(caseId, "APPROVED");
    expect(done.assessment?.conditions).toEqual(["SETTLEMENT_ACCOUNT", "RECEIPTS_3X", "EQUIPMENT_PLEDGED"]);
    const rmMail = await driver.mailTo(EMAIL("rm.chen"), `${caseId} (`);
    expect(rmMail.text).toContain("is APPROVED");
    expect(rmMail.text).toContain("· EQUIPMENT_PLEDGED — the equipment financed is pledged to the bank");
  });

  it("shows the approver each exception with its message beside the conditions", async () => {
    const caseId = await s.submit(
      smallCase((a) => {
        a.borrower.industryCode = "C3011";
      }),
    );
    await s.waitStatus(caseId, "IN_APPROVAL");
    const mail = await s.mail("mgr.wang", caseId);
    expect(mail.text).toMatch(/Exceptions:\n {2}· INDUSTRY_RESTRICTED — .*cement/);
    const page = await driver.open(driver.approvalLink(mail));
    expect(page.html).toMatch(
      /<h2>Exceptions<\/h2>\s*<ul class="findings"><li><strong>INDUSTRY_RESTRICTED<\/strong> — [^<]*cement/,
    );
    expect(page.html).toContain("<strong>RECEIPTS_3X</strong> — third-party sales receipts");
  });

  it.each([
    ["MANAGER", "decline"],
    ["MANAGER", "return"],
    ["BRANCH_CREDIT", "decline"],
    ["BRANCH_CREDIT", "return"],
  ])("ends the case when %s chooses %s", async (stage, decision) => {
    const caseId = await s.submit(smallCase());
    await s.waitStatus(caseId, "IN_APPROVAL");
    if (stage === "BRANCH_CREDIT") await s.decide("mgr.wang", caseId, "approve");
    await s.decide(stage === "MANAGER" ? "mgr.wang" : "bc.liu", caseId, decision, "not enough evidence");
    const done = await s.waitStatus(caseId, decision === "decline" ? "DECLINED" : "RETURNED");
    expect(done.reasons).toEqual([`${stage}: ${decision}`]);
  });

  it("declines or returns at head office, after the committee", async () => {
    for (const decision of ["decline", "return"]) {
      const caseId = await s.submit(
        freshApplication("a2-wholesale", (a) => {
          a.borrower.industryCode = "C3011";
        }),
      );
      const v = await s.waitStatus(caseId, "IN_APPROVAL");
      expect(v.route).toEqual(["MANAGER", "BRANCH_CREDIT", "COMMITTEE", "HEAD_OFFICE"]);
      await s.decide("mgr.wang", caseId, "approve");
      await s.decide("bc.liu", caseId, "approve");
      for (const member of ["cm.a", "cm.b", "cm.c"]) await s.decide(member, caseId, "approve");
      await s.decide("ho.zhang", caseId, decision, "exception not justified");
      await s.waitStatus(caseId, decision === "decline" ? "DECLINED" : "RETURNED");
    }
  });

  it("resubmits a returned case as its next version and approves it", async () => {
    const app = smallCase();
    const caseId = await s.submit(app);
    await s.waitStatus(caseId, "IN_APPROVAL");
    await s.decide("mgr.wang", caseId, "return", "add the 2026 interim accounts");
    await s.waitStatus(caseId, "RETURNED");
    const again = await driver.request<{ caseVersion: number }>("PUT", `/cases/${caseId}`, {
      user: app.submittedBy,
      json: app,
    });
    expect(again.status).toBe(200);
    expect(again.body.caseVersion).toBe(2);
    await s.decide("mgr.wang", caseId, "approve");
    await s.decide("bc.liu", caseId, "approve");
    const done = await s.waitStatus(caseId, "APPROVED");
    expect(done.caseVersion).toBe(2);
  });

  it("decides the committee as soon as quorum and 2/3 are reached, and closes the other links", async () => {
    const caseId = await s.submit(freshApplication("a2-wholesale"));
    const v = await s.waitStatus(caseId, "IN_APPROVAL");
    expect(v.route).toContain("COMMITTEE");
    await s.decide("mgr.wang", caseId, "approve");
    await s.decide("bc.liu", caseId, "approve");
    const links = new Map<string, string>();
    for (const m of ["cm.a", "cm.b", "cm.c", "cm.d", "cm.e"]) links.set(m, await s.link(m, caseId));
    const vote = async (m: string, d: string) => (await driver.decide(links.get(m) ?? "", d, "vote")).status;
    expect(await vote("cm.a", "approve")).toBe(200);
    expect(await vote("cm.b", "decline")).toBe(200);
    expect((await s.view(caseId)).stage).toBe("COMMITTEE");
    expect(await vote("cm.c", "approve")).toBe(200);
    await s.waitStatus(caseId, "APPROVED");
    // Three votes make the quorum and two of them are two thirds: the stage closes before cm.d and cm.e vote.
    expect(await committeeClose(caseId)).toEqual({
      stage: "COMMITTEE",
      outcome: "approve",
      tally: { approve: 2, decline: 1, votes: 3, roster: 5 },
    });
    const late = await driver.open(links.get("cm.d") ?? "");
    expect(late.status).toBe(409);
    expect(late.form).toBeUndefined();
  });

  it("declines the committee early once 2/3 can no longer be reached", async () => {
    const caseId = await s.submit(freshApplication("a2-wholesale"));
    await s.waitStatus(caseId, "IN_APPROVAL");
    await s.decide("mgr.wang", caseId, "approve");
    await s.decide("bc.liu", caseId, "approve");
    await s.decide("cm.a", caseId, "decline", "too concentrated");
    await s.decide("cm.b", caseId, "decline", "too concentrated");
    const done = await s.waitStatus(caseId, "DECLINED");
    expect(done.reasons).toEqual(["COMMITTEE: decline"]);
    expect(await committeeClose(caseId)).toEqual({
      stage: "COMMITTEE",
      outcome: "decline",
      tally: { approve: 0, decline: 2, votes: 2, roster: 5 },
    });
  });

  it("refuses a second click, a wrong person and a tampered link, changing nothing", async () => {
    const caseId = await s.submit(smallCase());
    await s.waitStatus(caseId, "IN_APPROVAL");
    const link = await s.link("mgr.wang", caseId);
    const page = await driver.open(link);
    expect(page.status).toBe(200);
    const before = await s.history(caseId);

    const tampered = link.replace("a=mgr.wang", "a=bc.liu");
    expect((await driver.open(tampered)).status).toBe(403);
    const otherStage = link.replace("s=MANAGER", "s=BRANCH_CREDIT");
    expect((await driver.open(otherStage)).status).toBe(403);
    expect(await s.history(caseId)).toEqual(before);

    const first = page.form ? await driver.submitForm(page.form, "approve", "") : undefined;
    expect(first?.status).toBe(200);
    const second = page.form ? await driver.submitForm(page.form, "approve", "") : undefined;
    expect(second?.status).toBe(409);
    expect(second?.text).toContain("Already decided");
    const decisions = (await s.history(caseId)).filter((e) => e.type === "DECISION_RECORDED");
    expect(decisions).toHaveLength(1);
  });

  it("never lets GET of a link change anything", async () => {
    const caseId = await s.submit(smallCase());
    await s.waitStatus(caseId, "IN_APPROVAL");
    const link = await s.link("mgr.wang", caseId);
    const before = await s.history(caseId);
    for (let i = 0; i < 3; i++) expect((await driver.open(link)).status).toBe(200);
    expect(await s.history(caseId)).toEqual(before);
    expect((await s.view(caseId)).pendingApprovers).toEqual(["mgr.wang"]);
  });

  it("never asks the submitter to approve their own case (four eyes)", async () => {
    // In Futian the manager mgr.lin also originates loans; his own case goes to the manager's backup.
    const caseId = await s.submit(
      smallCase((a) => {
        a.branch = "SZ-FUTIAN";
        a.submittedBy = "mgr.lin";
      }),
    );
    const link = await s.link("mgr.zhao", caseId);
    const v = await s.view(caseId);
    expect(v.pendingApprovers).toEqual(["mgr.zhao"]);
    expect((await driver.decide(link, "approve", "four eyes")).status).toBe(200);
    await s.decide("bc.xu", caseId, "approve");
    await s.waitStatus(caseId, "APPROVED");
  });
});

describe("expired links", () => {
  it("refuses a correctly signed link after its expiry, changing nothing", async () => {
    const caseId = await s.submit(smallCase());
    const link = new URL(await s.link("mgr.wang", caseId));
    const past = Math.floor(Date.now() / 1000) - 60;
    const approvalId = link.pathname.split("/").at(-1) ?? "";
    const sig = signLink(
      { approvalId, approverId: "mgr.wang", stage: "MANAGER", expiresAt: past },
      stack.signingKey,
    );
    link.searchParams.set("e", String(past));
    link.searchParams.set("sig", sig);
    const page = await driver.open(link.toString());
    expect(page.status).toBe(410);
    expect(page.html).toContain("expired");
    expect((await s.view(caseId)).pendingApprovers).toEqual(["mgr.wang"]);
  }, 60_000);
});

describe("bad input on every route", () => {
  it("refuses an application with schema problems, listing each by path, storing nothing", async () => {
    const app = freshApplication("a2-wholesale") as unknown as Record<string, unknown>;
    app.buyerConcentration = "35";
    (app.borrower as Record<string, unknown>).sector = "mining";
    const r = await driver.request<{ errors: { path: string }[] }>("POST", "/cases", {
      user: "rm.chen",
      json: app,
    });
    expect(r.status).toBe(400);
    expect(r.body.errors.map((e) => e.path).sort()).toEqual(["$.borrower.sector", "$.buyerConcentration"]);
    const queue = await driver.request<{ cases: { applicationId: string }[] }>(
      "GET",
      "/cases?status=SUBMITTED",
      { user: "ca.ma" },
    );
    expect(queue.body.cases.map((c) => c.applicationId)).not.toContain(app.applicationId);
  });

  it("refuses bad JSON, a missing identity and someone else's name", async () => {
    expect((await driver.request("POST", "/cases", { user: "rm.chen", raw: "{oops" })).status).toBe(400);
    expect((await driver.request("POST", "/cases", { json: smallCase() })).status).toBe(401);
    expect((await driver.request("POST", "/cases", { user: "rm.li", json: smallCase() })).status).toBe(403);
    // Only a relationship manager of the branch may submit for it.
    const notAnRm = smallCase((a) => {
      a.submittedBy = "bc.liu";
    });
    expect((await driver.request("POST", "/cases", { user: "bc.liu", json: notAnRm })).status).toBe(403);
  });

  it("answers 409 to a second open case for the same application", async () => {
    const app = smallCase();
    await s.submit(app);
    const again = await driver.request("POST", "/cases", { user: app.submittedBy, json: app });
    expect(again.status).toBe(409);
  });

  it("answers clearly on unknown cases, bad queue filters and resubmitting an open case", async () => {
    expect((await driver.request("GET", "/cases/CASE-nope", { user: "ca.ma" })).status).toBe(404);
    expect((await driver.request("GET", "/cases/CASE-nope/history", { user: "ca.ma" })).status).toBe(404);
    expect((await driver.request("GET", "/cases?status=WHATEVER", { user: "ca.ma" })).status).toBe(400);
    const app = smallCase();
    const caseId = await s.submit(app);
    await s.waitStatus(caseId, "IN_APPROVAL");
    expect(
      (await driver.request("PUT", `/cases/${caseId}`, { user: app.submittedBy, json: app })).status,
    ).toBe(409);
    expect((await driver.request("PUT", `/cases/${caseId}`, { user: "rm.li", json: app })).status).toBe(403);
  });

  it("refuses approval posts without a valid signature or form token", async () => {
    const caseId = await s.submit(smallCase());
    await s.waitStatus(caseId, "IN_APPROVAL");
    const link = await s.link("mgr.wang", caseId);
    const page = await driver.open(link);
    if (!page.form) throw new Error("no form");
    const noCsrf = await driver.request("POST", page.form.action, {
      form: { ...page.form.fields, csrf: "x", decision: "approve" },
    });
    expect(noCsrf.status).toBe(400);
    const badSig = await driver.request("POST", page.form.action, {
      form: { ...page.form.fields, sig: "AAAA", decision: "approve" },
    });
    expect(badSig.status).toBe(403);
    const badDecision = await driver.submitForm(page.form, "maybe", "");
    expect(badDecision.status).toBe(400);
    const declineWithoutReason = await driver.submitForm(page.form, "decline", "");
    expect(declineWithoutReason.status).toBe(400);
    expect((await s.history(caseId)).some((e) => e.type === "DECISION_RECORDED")).toBe(false);
  });
});
