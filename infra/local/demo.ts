/**
 * `npm run demo`: the four demo cases end to end through the HTTP API and the e-mailed links only
 * (demo-cases.ts). Starts its own in-memory runtime on free ports (or uses DEMO_URL, e.g. a running
 * `npm start`), then prints each case's outcome, audit trail and audit verdict.
 */
import { runDemoCases } from "./demo-cases";
import { Driver } from "./driver";
import { type LocalStack, startStack } from "./stack";

async function main() {
  const started = Date.now();
  const stack: LocalStack | undefined = process.env.DEMO_URL
    ? undefined
    : await startStack({ inMemory: true, timeScale: 1 });
  const baseUrl = process.env.DEMO_URL ?? stack?.url ?? "";
  const driver = new Driver(baseUrl);
  try {
    console.log(`Demo against ${baseUrl}${stack ? " (in-memory runtime started for the demo)" : ""}\n`);
    const cases = await runDemoCases(driver, (line) => console.log(line));
    console.log("");
    for (const c of cases) {
      const final = (
        await driver.request<{ status: string; route: string[]; assessment: Record<string, unknown> }>(
          "GET",
          `/cases/${c.caseId}`,
          {
            user: "ca.ma",
          },
        )
      ).body;
      const a = final.assessment as {
        clientGrade: string;
        rating: string;
        maxLimit: string;
        requestedTotal: string;
        exceptions: string[];
      };
      console.log(`■ ${c.title}\n  case ${c.caseId}`);
      console.log(
        `  route ${final.route.join(" → ")} · grade ${a.clientGrade} · rating ${a.rating} · limit ${a.maxLimit} · requested ${a.requestedTotal} · exceptions ${a.exceptions.join(", ") || "none"}`,
      );
      console.log(`  FINAL STATUS: ${final.status}`);
      const history = (
        await driver.request<{ events: { seq: number; at: string; type: string; actor: string }[] }>(
          "GET",
          `/cases/${c.caseId}/history`,
          {
            user: "ca.ma",
          },
        )
      ).body;
      console.log("  audit trail:");
      for (const e of history.events)
        console.log(`    #${String(e.seq).padStart(2)} ${e.at}  ${e.type.padEnd(18)} ${e.actor}`);
      const audit = await driver.request<string>("GET", `/cases/${c.caseId}/audit`, { user: "au.he" });
      const verdict =
        /<p class="notice (?:good|bad)" id="verdict">([^<]*)</.exec(audit.text)?.[1] ??
        `HTTP ${audit.status}`;
      console.log(`  audit (as au.he, ${baseUrl}/cases/${c.caseId}/audit): ${verdict}\n`);
    }
    console.log(`Submission → first approval mail: ${cases.map((c) => `${c.firstMailMs} ms`).join(", ")}`);
    console.log(
      `Whole demo (including starting the runtime): ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  } finally {
    await stack?.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
