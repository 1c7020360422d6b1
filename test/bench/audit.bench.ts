/**
 * `npm run bench:audit`: how fast an auditor's tools are on realistic trails.
 *  - events verified per second: the hash chain recomputed from genesis (SHA-256 over canonical JSON)
 *    on 200-event cases whose payloads are real applications and assessments;
 *  - replaying a 200-event case: the fold alone in memory, and the whole audit of such a case stored
 *    in DynamoDB Local (read, verify, replay, reproduce every assessment, check every decision).
 * BENCH_CASES (default 50) and BENCH_ROUNDS (default 5) size it.
 */
import { randomUUID } from "node:crypto";
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  type AuditEvent,
  asRecorded,
  assess,
  type CaseEvent,
  chainEvents,
  type EventDraft,
  genesisHead,
  getPolicy,
  POLICIES,
  replay,
  type StoredItem,
  verifyTrail,
} from "../../domain";
import { createCaseStore } from "../../functions/adapters/aws/case-store";
import { loadDirectoryFile } from "../../functions/adapters/aws/directory-file";
import { createDocumentClient } from "../../functions/adapters/aws/dynamo-client";
import { appTableDefinition } from "../../functions/adapters/aws/table";
import { createTrailReader } from "../../functions/adapters/aws/trails";
import { auditCase } from "../../functions/app/audit/case-audit";
import { localAwsClientConfig, startDynamoDbLocal } from "../../infra/local/dynamodb-local";
import { generateApplication } from "../support/application-generator";

const EVENTS = 200;
const cases = Number(process.env.BENCH_CASES ?? 50);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const policy = getPolicy();

/** A case returned for revision again and again: six events a version, each with its application and assessment. */
function caseDrafts(seed: number): EventDraft[] {
  const drafts: EventDraft[] = [];
  let clock = Date.parse("2026-11-20T09:00:00.000Z");
  const add = (event: CaseEvent, actor = "system") => {
    clock += 1000;
    drafts.push({
      type: event.type,
      at: new Date(clock).toISOString(),
      actor,
      payload: event.payload as Record<string, unknown>,
    });
  };
  for (let version = 1; drafts.length < EVENTS; version++) {
    const application = generateApplication(seed * 1000 + version);
    application.submittedBy = "rm.chen";
    application.branch = "GZ-TIANHE";
    add({ type: "CASE_SUBMITTED", payload: { caseVersion: version, application } }, "rm.chen");
    add({
      type: "CASE_ASSESSED",
      payload: { caseVersion: version, assessment: assess(application, policy) },
    });
    const approvalId = `APR-${seed}-${version}`;
    add({
      type: "STAGE_OPENED",
      payload: {
        stage: "MANAGER",
        attempt: 1,
        slaSeconds: 86_400,
        approvals: [{ approvalId, approverId: "mgr.wang" }],
      },
    });
    add(
      {
        type: "DECISION_RECORDED",
        payload: {
          stage: "MANAGER",
          approvalId,
          approverId: "mgr.wang",
          decision: "return",
          comment: "update the 2025 accounts",
        },
      },
      "mgr.wang",
    );
    add({ type: "STAGE_DECIDED", payload: { stage: "MANAGER", outcome: "return" } }, "mgr.wang");
    add({ type: "CASE_FINALIZED", payload: { status: "RETURNED", reasons: ["MANAGER: return"] } });
  }
  return drafts.slice(0, EVENTS);
}

const stored = (events: AuditEvent[]): StoredItem[] =>
  events.map((event) => ({ key: `EVT#${String(event.seq).padStart(10, "0")}`, position: event.seq, event }));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const fmt = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

// Through JSON, as the table gives events back.
const trails = Array.from({ length: cases }, (_, i) => {
  const caseId = `CASE-bench-${i}`;
  const events = JSON.parse(
    JSON.stringify(chainEvents(genesisHead(caseId), caseDrafts(i + 1))),
  ) as AuditEvent[];
  return { caseId, items: stored(events), events };
});
const bytes = trails.reduce((n, t) => n + JSON.stringify(t.events).length, 0);

function verifyRound(): number {
  const start = process.hrtime.bigint();
  for (const t of trails) {
    const last = t.events.at(-1) as AuditEvent;
    if (!verifyTrail(t.caseId, t.items, { head: { seq: last.seq, hash: last.hash } }).ok)
      throw new Error("a generated trail did not verify");
  }
  return (cases * EVENTS) / seconds(start);
}

function replayMs(): number {
  const t = trails[0] as (typeof trails)[number];
  const recorded = t.events.map(asRecorded);
  const runs: number[] = [];
  for (let i = 0; i < 50; i++) {
    const start = process.hrtime.bigint();
    const r = replay(t.caseId, recorded);
    runs.push(seconds(start) * 1000);
    if (!r.ok || r.steps.length !== EVENTS) throw new Error("replay did not fold every event");
  }
  return median(runs);
}

async function fromTableMs(): Promise<{ median: number; min: number; max: number; assessments: number }> {
  const local = await startDynamoDbLocal({});
  const config = localAwsClientConfig(local.endpoint);
  const admin = new DynamoDBClient(config);
  const client = createDocumentClient(config);
  try {
    const tableName = `bench-audit-${randomUUID()}`;
    await admin.send(new CreateTableCommand(appTableDefinition(tableName)));
    const store = createCaseStore({ client, tableName });
    const caseId = `CASE-${randomUUID()}`;
    const drafts = caseDrafts(1);
    for (let i = 0; i < drafts.length; i += 6) {
      const appended = await store.appendEvents(caseId, i, drafts.slice(i, i + 6), {
        status: "RETURNED",
        projection: {},
      });
      if (!appended.ok) throw new Error("could not store the benchmark case");
    }
    const deps = {
      trails: createTrailReader({ client, tableName }),
      digests: null,
      policies: POLICIES,
      directory: loadDirectoryFile("infra/local/directory.json"),
      now: () => new Date(),
    };
    const runs: number[] = [];
    let assessments = 0;
    for (let i = 0; i < 21; i++) {
      const start = process.hrtime.bigint();
      const audit = await auditCase(deps, caseId);
      runs.push(seconds(start) * 1000);
      if (!audit?.verdict.ok || audit.events.length !== EVENTS)
        throw new Error("the stored case did not verify");
      if (!audit.reproductions.every((r) => r.outcome === "REPRODUCED"))
        throw new Error("an assessment did not reproduce");
      assessments = audit.reproductions.length;
    }
    runs.shift(); // the first read warms the connection and the policy cache
    return { median: median(runs), min: Math.min(...runs), max: Math.max(...runs), assessments };
  } finally {
    client.destroy();
    admin.destroy();
    await local.stop();
  }
}

async function main() {
  verifyRound(); // warm-up
  const rates = Array.from({ length: rounds }, verifyRound);
  const replayed = replayMs();
  const table = await fromTableMs();
  console.log(`bench:audit  node ${process.version}`);
  console.log(
    `  verify: ${cases} cases × ${EVENTS} events (${fmt(bytes / 1024 / 1024, 1)} MiB of events) × ${rounds} rounds`,
  );
  console.log(
    `    median ${fmt(median(rates))} events verified/s  (min ${fmt(Math.min(...rates))}, max ${fmt(Math.max(...rates))})`,
  );
  console.log(
    `  replay a ${EVENTS}-event case in memory (fold, every step kept): median ${fmt(replayed, 2)} ms`,
  );
  console.log(
    `  audit a ${EVENTS}-event case from DynamoDB Local (read, verify, replay, reproduce ${table.assessments} assessments, check rules): median ${fmt(table.median, 1)} ms (min ${fmt(table.min, 1)}, max ${fmt(table.max, 1)})`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
