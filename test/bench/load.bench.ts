/**
 * `npm run bench:load -- N C`: N straight-through cases (manager → branch credit) at C at a time,
 * through the HTTP API and the mailed links only — submit, then each stage's approver opens the link
 * in their mail and approves, until the outcome mail. Prints cases/s, latencies, DynamoDB requests per
 * case (the product's, its mails', the local Step Functions engine's own and the bench's polling
 * apart), CPU of node and DynamoDB Local, and lost cases (not final at the end, or final wrongly).
 *
 * Starts the stack `npm start` runs (stack.ts) in a child process on a fresh data directory, with the
 * bench's request counters (load/runtime.ts); or drives LOAD_URL, a running one, uncounted. Writes
 * what it measured to LOAD_OUT (default .data/bench/load.json), the input of `npm run cost`.
 * LOAD_WARMUP cases (default 100) run first, unmeasured; LOAD_CPU_PROF=DIR profiles the runtime;
 * LOAD_DATA_PARENT puts the data directory elsewhere than the system's temporary directory (the disk
 * it is on decides much of DynamoDB Local's speed: it syncs every write).
 */
import { type ChildProcess, execFileSync, fork } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { GetExecutionHistoryCommand, SFNClient } from "@aws-sdk/client-sfn";
import { workflowRunName } from "../../domain";
import { STATE_MACHINE_NAME } from "../../infra/catalog";
import { Driver } from "../../infra/local/driver";
import { localAwsClientConfig } from "../../infra/local/dynamodb-local";
import { commandLine, processTree } from "../../infra/local/listeners";
import { freePorts } from "../../infra/local/stack";
import { EMAIL, SMALL_CASE_APPROVED_TRAIL, smallCase } from "../e2e/harness";
import { type LoadCounts, latency, perCase, totalRequests, uncounted } from "./load/counts";
import { MailFeed } from "./load/mail-feed";
import type { Command, Message, Snapshot } from "./load/runtime";

const ROOT = resolve(import.meta.dirname, "..", "..");
const [n = "60", c = "20"] = process.argv.slice(2);
const CASES = Number(n);
const CONCURRENCY = Number(c);
/**
 * Measured after this many cases: node's and DynamoDB Local's JITs need them (after 10, DynamoDB Local
 * still spent twice the CPU per case it spends after 100), and a running npm start is warm.
 */
const WARMUP = Number(process.env.LOAD_WARMUP ?? 100);
const OUT = resolve(process.env.LOAD_OUT ?? join(ROOT, ".data", "bench", "load.json"));
const STEP_TIMEOUT_MS = 120_000;
if (!(CASES > 0 && CONCURRENCY > 0 && Number.isInteger(CASES) && Number.isInteger(CONCURRENCY))) {
  console.error("usage: npm run bench:load -- CASES CONCURRENCY   (e.g. -- 60 20)");
  process.exit(2);
}

const MANAGER = "mgr.wang";
const BRANCH_CREDIT = "bc.liu";

interface Timings {
  caseId: string;
  submitMs: number;
  openMs: number[];
  decideMs: number[];
  finalMs: number;
  outcome: string;
  error?: string;
}

const since = (t0: number) => performance.now() - t0;

async function runCase(driver: Driver, feed: MailFeed): Promise<Timings> {
  const app = smallCase();
  const t: Timings = { caseId: "", submitMs: 0, openMs: [], decideMs: [], finalMs: 0, outcome: "" };
  const t0 = performance.now();
  try {
    const submitted = await driver.request<{ caseId: string }>("POST", "/cases", {
      user: app.submittedBy,
      json: app,
    });
    t.submitMs = since(t0);
    if (submitted.status !== 201) throw new Error(`submit answered ${submitted.status}: ${submitted.text}`);
    t.caseId = submitted.body.caseId;
    for (const approver of [MANAGER, BRANCH_CREDIT]) {
      const mail = await feed.next(EMAIL(approver), [t.caseId, "Review and decide"], STEP_TIMEOUT_MS);
      const opening = performance.now();
      const page = await driver.open(driver.approvalLink(mail));
      t.openMs.push(since(opening));
      if (!page.form) throw new Error(`${approver}: no form (HTTP ${page.status})`);
      const deciding = performance.now();
      const decided = await driver.submitForm(page.form, "approve", "within policy");
      t.decideMs.push(since(deciding));
      if (decided.status !== 200) throw new Error(`${approver}: decision answered ${decided.status}`);
    }
    const outcome = await feed.next(EMAIL(app.submittedBy), [t.caseId, ") is "], STEP_TIMEOUT_MS);
    t.finalMs = since(t0);
    t.outcome = /\) is ([A-Z_]+)\./.exec(outcome.text)?.[1] ?? "?";
  } catch (e) {
    t.error = e instanceof Error ? e.message : String(e);
  }
  return t;
}

async function runPool(count: number, concurrency: number, one: () => Promise<Timings>) {
  const out: Timings[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(count, concurrency) }, async () => {
      while (next < count) {
        next++;
        out.push(await one());
      }
    }),
  );
  return out;
}

// --- the runtime process -------------------------------------------------------------------------

interface Runtime {
  child: ChildProcess;
  url: string;
  sfnEndpoint: string;
  ask(command: Command): void;
  snapshot(): Promise<Snapshot>;
  stop(): Promise<void>;
}

async function startRuntime(dataDir: string): Promise<Runtime> {
  const ports = await freePorts();
  const profile = process.env.LOAD_CPU_PROF;
  const log: string[] = [];
  const child = fork(join(ROOT, "test", "bench", "load", "runtime.ts"), [], {
    cwd: ROOT,
    execArgv: ["--import", "tsx", ...(profile ? ["--cpu-prof", `--cpu-prof-dir=${resolve(profile)}`] : [])],
    env: {
      ...process.env,
      PORT: String(ports.gateway),
      SFN_PORT: String(ports.sfn),
      DYNAMODB_PORT: String(ports.dynamo),
      DATA_DIR: dataDir,
    },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  const keep = (d: Buffer) => {
    log.push(d.toString());
    if (log.length > 200) log.shift();
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const up = await new Promise<Extract<Message, { type: "up" }>>((done, fail) => {
    child.on("message", (m: Message) => {
      if (m.type === "up") done(m);
      if (m.type === "failed") fail(new Error(`the runtime failed: ${m.error}\n${log.join("")}`));
    });
    child.once("exit", (code) => fail(new Error(`the runtime exited (${code}):\n${log.join("")}`)));
  });
  const ask = (command: Command) => child.send(command);
  return {
    child,
    url: up.url,
    sfnEndpoint: up.sfnEndpoint,
    ask,
    snapshot: () =>
      new Promise((done) => {
        const listener = (m: Message) => {
          if (m.type !== "snapshot") return;
          child.off("message", listener);
          done(m.snapshot);
        };
        child.on("message", listener);
        ask({ type: "snapshot" });
      }),
    async stop() {
      ask({ type: "stop" });
      await exited;
    },
  };
}

/** CPU seconds (user + system) a process has used, from /proc; undefined where there is no /proc. */
function cpuSeconds(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / clockTicks();
  } catch {
    return undefined;
  }
}

let ticks: number | undefined;
function clockTicks(): number {
  ticks ??= Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;
  return ticks;
}

/** State transitions Step Functions would bill: every state entered, over these cases' executions. */
async function stateTransitions(sfnEndpoint: string, caseIds: string[]): Promise<number> {
  const client = new SFNClient(localAwsClientConfig(sfnEndpoint));
  let entered = 0;
  try {
    for (const caseId of caseIds) {
      const run = workflowRunName({ caseId, caseVersion: 1, workflowRun: 0 });
      const executionArn = `arn:aws:states:us-east-1:000000000000:execution:${STATE_MACHINE_NAME}:${run}`;
      const history = await client.send(new GetExecutionHistoryCommand({ executionArn }));
      entered += (history.events ?? []).filter((e) => e.type?.endsWith("StateEntered")).length;
    }
  } finally {
    client.destroy();
  }
  return entered / Math.max(1, caseIds.length);
}

/** Lost: not final when the run ended, final with another outcome, or with a trail a clean case would not have. */
async function verify(driver: Driver, results: Timings[]): Promise<string[]> {
  const problems: string[] = [];
  for (const r of results) {
    if (r.error || !r.caseId) {
      problems.push(`${r.caseId || "(not submitted)"}: ${r.error}`);
      continue;
    }
    const view = await driver.request<{ status: string }>("GET", `/cases/${r.caseId}`, { user: "ca.ma" });
    const history = await driver.request<{ events: { type: string }[] }>(
      "GET",
      `/cases/${r.caseId}/history`,
      {
        user: "ca.ma",
      },
    );
    const trail = history.body.events?.map((e) => e.type) ?? [];
    if (view.body.status !== "APPROVED" || r.outcome !== "APPROVED")
      problems.push(`${r.caseId}: ${view.body.status} (mailed ${r.outcome}), expected APPROVED`);
    else if (JSON.stringify(trail) !== JSON.stringify(SMALL_CASE_APPROVED_TRAIL))
      problems.push(`${r.caseId}: trail ${trail.join(",")}`);
  }
  return problems;
}

// --- main --------------------------------------------------------------------------------------------

const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);
const pct = (share: number | null) => (share === null ? "n/a" : `${Math.round(share * 100)}%`);

async function main() {
  const external = process.env.LOAD_URL;
  const dataDir = external
    ? undefined
    : mkdtempSync(join(process.env.LOAD_DATA_PARENT ?? tmpdir(), "credit-load-"));
  let runtime: Runtime | undefined;
  try {
    runtime = dataDir ? await startRuntime(dataDir) : undefined;
    const url = external ?? runtime?.url ?? "";
    const driver = new Driver(url);
    const feed = new MailFeed(driver);
    console.log(
      `bench:load  ${CASES} cases at ${CONCURRENCY} concurrent (+${WARMUP} warm-up) against ${url}${
        runtime ? " (npm start's stack, counted)" : " (uncounted)"
      }; ${cpus().length} CPUs, load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}`,
    );
    // The warm-up is for the JITs, not a measurement: at least 10 at a time, so that `-- 60 1` is quick.
    if (WARMUP > 0) await runPool(WARMUP, Math.max(CONCURRENCY, 10), () => runCase(driver, feed));

    const javaPid = runtime?.child.pid
      ? processTree(runtime.child.pid).find((p) => /\bjava\b/.test(commandLine(p) ?? ""))
      : undefined;
    runtime?.ask({ type: "reset" });
    const pollsBefore = feed.polls;
    const loadBefore = loadavg();
    const javaBefore = cpuSeconds(javaPid);
    const benchBefore = process.cpuUsage();
    const t0 = performance.now();
    const results = await runPool(CASES, CONCURRENCY, () => runCase(driver, feed));
    const seconds = (performance.now() - t0) / 1000;
    const snapshot = await runtime?.snapshot();
    const javaAfter = cpuSeconds(javaPid);
    const bench = process.cpuUsage(benchBefore);
    const loadAfter = loadavg();
    const polls = feed.polls - pollsBefore;
    await feed.stop();

    const problems = await verify(driver, results);
    const ok = results.filter((r) => !r.error);
    const transitions = runtime
      ? await stateTransitions(
          runtime.sfnEndpoint,
          ok.map((r) => r.caseId),
        )
      : 0;
    const nodeCpu = snapshot ? (snapshot.cpu.user + snapshot.cpu.system) / 1e6 : null;
    const javaCpu = javaBefore !== undefined && javaAfter !== undefined ? javaAfter - javaBefore : null;
    const counts: LoadCounts = {
      measuredAt: new Date().toISOString(),
      command: `npm run bench:load -- ${CASES} ${CONCURRENCY}`,
      node: process.version,
      cpus: cpus().length,
      loadAverage: { before: loadBefore, after: loadAfter },
      cases: CASES,
      concurrency: CONCURRENCY,
      warmup: WARMUP,
      results: {
        seconds,
        casesPerSecond: CASES / seconds,
        lost: problems.length,
        submitMs: latency(ok.map((r) => r.submitMs)),
        openMs: latency(ok.flatMap((r) => r.openMs)),
        decideMs: latency(ok.flatMap((r) => r.decideMs)),
        finalMs: latency(ok.map((r) => r.finalMs)),
        cpu: {
          node: nodeCpu === null ? null : nodeCpu / seconds,
          dynamodbLocal: javaCpu === null ? null : javaCpu / seconds,
        },
        cpuMsPerCase: {
          node: nodeCpu === null ? null : Math.round((nodeCpu * 1000) / CASES),
          dynamodbLocal: javaCpu === null ? null : Math.round((javaCpu * 1000) / CASES),
          bench: Math.round((bench.user + bench.system) / 1000 / CASES),
        },
      },
      perCase: snapshot ? perCase(snapshot, CASES, transitions) : uncounted(),
    };
    const r = counts.results;
    console.log(
      [
        `  ${r.casesPerSecond.toFixed(2)} cases/s  (${CASES} in ${seconds.toFixed(1)} s)   lost ${r.lost}`,
        `  submit   p50 ${fmt(r.submitMs.p50)}  p95 ${fmt(r.submitMs.p95)}`,
        `  open     p50 ${fmt(r.openMs.p50)}  p95 ${fmt(r.openMs.p95)}   (GET of the mailed link)`,
        `  decide   p50 ${fmt(r.decideMs.p50)}  p95 ${fmt(r.decideMs.p95)}   (POST of the form)`,
        `  final    p50 ${fmt(r.finalMs.p50)}  p95 ${fmt(r.finalMs.p95)}   (submit → outcome mail)`,
        `  CPU over the window: node ${pct(r.cpu.node)} of a core, DynamoDB Local ${pct(r.cpu.dynamodbLocal)}; load average ${loadAfter.map((l) => l.toFixed(2)).join(" ")}`,
        `  CPU per case: node ${r.cpuMsPerCase.node ?? "n/a"} ms, DynamoDB Local ${r.cpuMsPerCase.dynamodbLocal ?? "n/a"} ms, the bench's client ${r.cpuMsPerCase.bench} ms`,
      ].join("\n"),
    );
    if (snapshot) {
      const d = counts.perCase.dynamo;
      const ops = (o: Record<string, { requests: number; meanMs?: number }>) =>
        Object.entries(o)
          .sort((a, b) => b[1].requests - a[1].requests)
          .map(
            ([op, v]) => `${op} ${v.requests}${v.meanMs === undefined ? "" : ` ~${Math.round(v.meanMs)}ms`}`,
          )
          .join(", ");
      const kb = (o: Record<string, { sentKB: number; receivedKB: number }>) => {
        const sent = Object.values(o).reduce((n, v) => n + v.sentKB, 0);
        const received = Object.values(o).reduce((n, v) => n + v.receivedKB, 0);
        return `${sent.toFixed(1)} KB sent, ${received.toFixed(1)} KB received`;
      };
      console.log(
        [
          "  DynamoDB requests per case:",
          `    product ${totalRequests(d.product)}  (${ops(d.product)}); ${kb(d.product)}`,
          ...Object.entries(counts.perCase.productByHandler).map(
            ([handler, o]) =>
              `      ${handler.padEnd(18)} ${Object.entries(o)
                .map(([op, v]) => `${op} ${v.requests} (${v.kilobytes} KB)`)
                .join(", ")}`,
          ),
          `    mails   ${totalRequests(d.mail)}  (outbox; SES on AWS)`,
          `    engine  ${totalRequests(d.engine)}  (local Step Functions state: ${ops(d.engine) || "none"}); ${kb(d.engine)}`,
          `    bench   ${(polls / CASES).toFixed(2)} outbox polls per case (${ops(d.harness) || "none"}); ${kb(d.harness)}`,
          `  Step Functions API per case: ${ops(Object.fromEntries(Object.entries(counts.perCase.sfnApi).map(([k, v]) => [k, { requests: v }])))}; ${counts.perCase.stateTransitions} state transitions`,
          `  Lambda per case: ${Object.entries(counts.perCase.lambda)
            .map(([name, l]) => `${name} ${l.invocations}× p50 ${l.p50Ms} ms`)
            .join(", ")}`,
        ].join("\n"),
      );
    }
    for (const p of problems.slice(0, 10)) console.log(`  LOST ${p}`);
    mkdirSync(dirname(OUT), { recursive: true });
    writeFileSync(OUT, `${JSON.stringify(counts, null, 2)}\n`);
    console.log(`  written to ${OUT}`);
    process.exitCode = problems.length > 0 ? 1 : 0;
  } finally {
    await runtime?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
