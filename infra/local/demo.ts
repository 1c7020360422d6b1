/**
 * `npm run demo`: four cases end to end through the HTTP API and the e-mailed links only — the
 * seed's B/2 manufacturer, the A2 wholesaler, a micro client, and an exception that goes to head
 * office. Starts its own in-memory runtime on free ports (or uses DEMO_URL, e.g. a running
 * `npm start`), then prints each case's outcome and audit trail.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Application } from "../../domain";
import { Driver, waitFor } from "./driver";
import { type LocalStack, startStack } from "./stack";

const ROOT = resolve(import.meta.dirname, "..", "..");
const fixture = (name: string): Application =>
  JSON.parse(
    readFileSync(join(ROOT, "test", "fixtures", "applications", `${name}.json`), "utf8"),
  ) as Application;
const email = (user: string) => `${user}@bank.example`;

interface DemoCase {
  title: string;
  application: Application;
  /** Who decides at each stage, in route order; a committee stage lists its voters. */
  approvers: Record<string, string[]>;
}

const run = Date.now().toString(36);
const cases: DemoCase[] = [
  {
    title: "B/2 manufacturer, sales 110M (seed example)",
    application: fixture("b2-manufacturing"),
    approvers: {},
  },
  { title: "A2 wholesaler, sales 160M (seed example)", application: fixture("a2-wholesale"), approvers: {} },
  { title: "Micro client (simplified CSC)", application: fixture("micro-services"), approvers: {} },
  {
    title: "Restricted industry (cement): exception to head office",
    application: (() => {
      const a = fixture("a2-wholesale");
      a.applicationId = "APP-2026-CEMENT";
      a.borrower.name = "Example Cement Trading Co.";
      a.borrower.industryCode = "C3011";
      return a;
    })(),
    approvers: {},
  },
];
const DEFAULT_APPROVERS: Record<string, string[]> = {
  MANAGER: ["mgr.wang"],
  BRANCH_CREDIT: ["bc.liu"],
  COMMITTEE: ["cm.a", "cm.b", "cm.c"],
  HEAD_OFFICE: ["ho.zhang"],
};

async function main() {
  const started = Date.now();
  const stack: LocalStack | undefined = process.env.DEMO_URL
    ? undefined
    : await startStack({ inMemory: true, timeScale: 1 });
  const baseUrl = process.env.DEMO_URL ?? stack?.url ?? "";
  const driver = new Driver(baseUrl);
  const seen = new Set<string>();
  const firstMailTimes: number[] = [];
  const caseView = async (caseId: string) =>
    (
      await driver.request<{ stage: string | null; status: string }>("GET", `/cases/${caseId}`, {
        user: "ca.ma",
      })
    ).body;
  try {
    console.log(`Demo against ${baseUrl}${stack ? " (in-memory runtime started for the demo)" : ""}\n`);
    for (const c of cases) {
      c.application.applicationId = `${c.application.applicationId}-${run}`;
      const t0 = Date.now();
      const submitted = await driver.request<{ caseId: string }>("POST", "/cases", {
        user: c.application.submittedBy,
        json: c.application,
      });
      if (submitted.status !== 201)
        throw new Error(`${c.title}: submission refused ${submitted.status} ${submitted.text}`);
      const caseId = submitted.body.caseId;
      console.log(`■ ${c.title}\n  case ${caseId}`);
      let firstMail = true;
      for (;;) {
        const v = await caseView(caseId);
        if (["APPROVED", "DECLINED", "RETURNED", "FAILED"].includes(v.status)) break;
        if (!v.stage) {
          // Still being assessed: look again shortly.
          await waitFor("the first stage", async () =>
            (await caseView(caseId)).stage ? true : undefined,
          ).catch(() => undefined);
          continue;
        }
        for (const who of c.approvers[v.stage] ?? DEFAULT_APPROVERS[v.stage] ?? []) {
          const mail = await driver.mailTo(email(who), caseId, seen);
          seen.add(mail.id);
          if (firstMail) {
            firstMailTimes.push(Date.now() - t0);
            firstMail = false;
          }
          const link = driver.approvalLink(mail);
          const decided = await driver.decide(link, "approve", `${v.stage} approves: within policy`);
          console.log(
            `  ${v.stage.padEnd(13)} ${who.padEnd(9)} opened the e-mailed link and approved (HTTP ${decided.status})`,
          );
        }
        // The stage moves on (or the case ends) once Step Functions has the decision.
        await waitFor(`${v.stage} to close`, async () => {
          const now = await caseView(caseId);
          return now.stage !== v.stage || now.status !== "IN_APPROVAL" ? true : undefined;
        });
      }
      const final = (
        await driver.request<{ status: string; route: string[]; assessment: Record<string, unknown> }>(
          "GET",
          `/cases/${caseId}`,
          { user: "ca.ma" },
        )
      ).body;
      const a = final.assessment as {
        clientGrade: string;
        rating: string;
        maxLimit: string;
        requestedTotal: string;
        exceptions: string[];
      };
      console.log(
        `  route ${final.route.join(" → ")} · grade ${a.clientGrade} · rating ${a.rating} · limit ${a.maxLimit} · requested ${a.requestedTotal} · exceptions ${a.exceptions.join(", ") || "none"}`,
      );
      console.log(`  FINAL STATUS: ${final.status}`);
      const history = (
        await driver.request<{ events: { seq: number; at: string; type: string; actor: string }[] }>(
          "GET",
          `/cases/${caseId}/history`,
          { user: "ca.ma" },
        )
      ).body;
      console.log("  audit trail:");
      for (const e of history.events)
        console.log(`    #${String(e.seq).padStart(2)} ${e.at}  ${e.type.padEnd(18)} ${e.actor}`);
      console.log("");
    }
    const total = Date.now() - started;
    console.log(`Submission → first approval mail: ${firstMailTimes.map((t) => `${t} ms`).join(", ")}`);
    console.log(`Whole demo (including starting the runtime): ${(total / 1000).toFixed(1)} s`);
  } finally {
    await stack?.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
