import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Application } from "../../domain";
import { type Driver, waitFor } from "./driver";

/**
 * The demo's four cases — the seed's B/2 manufacturer, the A2 wholesaler, a micro client, and an
 * exception that goes to head office — driven through the HTTP API and the e-mailed links only.
 * `npm run demo` prints them; the audit tests replay them.
 */

const ROOT = resolve(import.meta.dirname, "..", "..");
const fixture = (name: string): Application =>
  JSON.parse(
    readFileSync(join(ROOT, "test", "fixtures", "applications", `${name}.json`), "utf8"),
  ) as Application;
const email = (user: string) => `${user}@bank.example`;

const APPROVERS: Record<string, string[]> = {
  MANAGER: ["mgr.wang"],
  BRANCH_CREDIT: ["bc.liu"],
  COMMITTEE: ["cm.a", "cm.b", "cm.c"],
  HEAD_OFFICE: ["ho.zhang"],
};

function demoApplications(run: string): { title: string; application: Application }[] {
  const cement = fixture("a2-wholesale");
  cement.applicationId = "APP-2026-CEMENT";
  cement.borrower.name = "Example Cement Trading Co.";
  cement.borrower.industryCode = "C3011";
  return [
    { title: "B/2 manufacturer, sales 110M (seed example)", application: fixture("b2-manufacturing") },
    { title: "A2 wholesaler, sales 160M (seed example)", application: fixture("a2-wholesale") },
    { title: "Micro client (simplified CSC)", application: fixture("micro-services") },
    { title: "Restricted industry (cement): exception to head office", application: cement },
  ].map((c) => ({
    ...c,
    application: { ...c.application, applicationId: `${c.application.applicationId}-${run}` },
  }));
}

export interface DemoCase {
  title: string;
  caseId: string;
  status: string;
  /** Milliseconds from submission to the first approval mail. */
  firstMailMs: number;
}

export async function runDemoCases(
  driver: Driver,
  log: (line: string) => void = () => {},
): Promise<DemoCase[]> {
  const seen = new Set<string>();
  const view = async (caseId: string) =>
    (
      await driver.request<{ stage: string | null; status: string }>("GET", `/cases/${caseId}`, {
        user: "ca.ma",
      })
    ).body;
  const done: DemoCase[] = [];
  for (const c of demoApplications(Date.now().toString(36))) {
    const t0 = Date.now();
    const submitted = await driver.request<{ caseId: string }>("POST", "/cases", {
      user: c.application.submittedBy,
      json: c.application,
    });
    if (submitted.status !== 201)
      throw new Error(`${c.title}: submission refused ${submitted.status} ${submitted.text}`);
    const caseId = submitted.body.caseId;
    log(`■ ${c.title}\n  case ${caseId}`);
    let firstMailMs = -1;
    for (;;) {
      const v = await view(caseId);
      if (["APPROVED", "DECLINED", "RETURNED", "FAILED"].includes(v.status)) {
        done.push({ title: c.title, caseId, status: v.status, firstMailMs });
        break;
      }
      if (!v.stage) {
        // Still being assessed: look again shortly.
        await waitFor("the first stage", async () => ((await view(caseId)).stage ? true : undefined)).catch(
          () => undefined,
        );
        continue;
      }
      for (const who of APPROVERS[v.stage] ?? []) {
        const mail = await driver.mailTo(email(who), caseId, seen);
        seen.add(mail.id);
        if (firstMailMs < 0) firstMailMs = Date.now() - t0;
        const decided = await driver.decide(
          driver.approvalLink(mail),
          "approve",
          `${v.stage} approves: within policy`,
        );
        log(
          `  ${v.stage.padEnd(13)} ${who.padEnd(9)} opened the e-mailed link and approved (HTTP ${decided.status})`,
        );
      }
      // The stage moves on (or the case ends) once Step Functions has the decision.
      await waitFor(`${v.stage} to close`, async () => {
        const now = await view(caseId);
        return now.stage !== v.stage || now.status !== "IN_APPROVAL" ? true : undefined;
      });
    }
  }
  return done;
}
