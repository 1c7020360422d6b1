import { randomUUID } from "node:crypto";
import { CreateTableCommand, DynamoDBClient, UpdateTimeToLiveCommand } from "@aws-sdk/client-dynamodb";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assess, type CaseState, getPolicy } from "../../domain";
import { type EventDraft, verifyChain } from "../../domain/audit/chain";
import {
  releaseApplicationLockItem,
  takeApplicationLockItem,
} from "../../functions/adapters/aws/application-lock";
import {
  type CaseTable,
  createApprovalReader,
  createCaseReader,
  createCaseWriter,
  createMailMarks,
} from "../../functions/adapters/aws/case-repo";
import { type CaseStore, createCaseStore } from "../../functions/adapters/aws/case-store";
import { createDocumentClient } from "../../functions/adapters/aws/dynamo-client";
import {
  applicationLockKey,
  approvalKey,
  appTableDefinition,
  appTableTtl,
  eventKey,
  stateKey,
} from "../../functions/adapters/aws/table";
import {
  type AppendResult,
  type CaseWriteExtras,
  type NewApproval,
  WRITE_KINDS,
} from "../../functions/app/ports";
import { localAwsClientConfig, startDynamoDbLocal } from "../../infra/local/dynamodb-local";
import { fixture } from "../support/applications";

let stop: () => Promise<void> = async () => {};
let store: CaseStore;
let table: CaseTable;
let raw: ReturnType<typeof createDocumentClient>;
const tableName = `case-store-${randomUUID()}`;

beforeAll(async () => {
  const local = await startDynamoDbLocal({});
  stop = local.stop;
  const config = localAwsClientConfig(local.endpoint);
  const admin = new DynamoDBClient(config);
  await admin.send(new CreateTableCommand(appTableDefinition(tableName)));
  await admin.send(new UpdateTimeToLiveCommand(appTableTtl(tableName)));
  admin.destroy();
  raw = createDocumentClient(config);
  store = createCaseStore({ client: raw, tableName });
  table = { client: raw, store, tableName };
}, 60_000);

afterAll(async () => {
  raw?.destroy();
  await stop();
});

let clock = Date.parse("2026-03-01T08:00:00.000Z");
/** A strictly increasing instant per call, so queue order is by creation order in each test. */
function tick(): string {
  clock += 1000;
  return new Date(clock).toISOString();
}

function draft(type: string, payload: Record<string, unknown> = {}, actor = "system"): EventDraft {
  return { type, at: tick(), actor, payload };
}

async function getApplicationLock(applicationId: string) {
  const { Item } = await raw.send(
    new GetCommand({ TableName: tableName, Key: applicationLockKey(applicationId), ConsistentRead: true }),
  );
  return Item;
}

describe("case store: the audit trail and its projection", () => {
  it("writes events and the STATE projection in one transaction, hash-chained from genesis", async () => {
    const caseId = randomUUID();
    const first = await store.appendEvents(
      caseId,
      0,
      [draft("CASE_SUBMITTED", { applicationId: "APP-1" }, "rm.chen"), draft("CASE_ASSESSED", { score: 71 })],
      { status: "SUBMITTED", projection: { borrowerName: "Pearl River Textiles", stage: null } },
    );
    expect(first.ok).toBe(true);
    const second = await store.appendEvents(caseId, 2, [draft("STAGE_OPENED", { stage: "MANAGER" })], {
      status: "IN_APPROVAL",
      projection: { borrowerName: "Pearl River Textiles", stage: "MANAGER" },
    });
    if (!first.ok || !second.ok) throw new Error("append failed");

    const events = await store.readEvents(caseId);
    expect(events.map((e) => [e.seq, e.type])).toEqual([
      [1, "CASE_SUBMITTED"],
      [2, "CASE_ASSESSED"],
      [3, "STAGE_OPENED"],
    ]);
    expect(events).toEqual([...first.events, ...second.events]);
    expect(verifyChain(caseId, events)).toMatchObject({ ok: true, head: { seq: 3, hash: events[2]?.hash } });

    const state = await store.getState(caseId);
    expect(state).toEqual({
      caseId,
      status: "IN_APPROVAL",
      version: 3,
      createdAt: events[0]?.at,
      updatedAt: events[2]?.at,
      headHash: events[2]?.hash,
      projection: { borrowerName: "Pearl River Textiles", stage: "MANAGER" },
    });
  });

  it("keys events by zero-padded seq and never gives them a TTL", async () => {
    const caseId = randomUUID();
    await store.appendEvents(caseId, 0, [draft("CASE_SUBMITTED")], { status: "SUBMITTED", projection: {} });
    const { Item: event } = await raw.send(
      new GetCommand({ TableName: tableName, Key: eventKey(caseId, 1) }),
    );
    expect(event?.sk).toBe("EVT#0000000001");
    expect(event && "ttl" in event).toBe(false);
    const { Item: state } = await raw.send(new GetCommand({ TableName: tableName, Key: stateKey(caseId) }));
    expect(state).toMatchObject({ gsi1pk: "STATUS#SUBMITTED", gsi1sk: `${event?.at}#${caseId}`, version: 1 });
  });

  it("refuses a stale expected version and writes nothing", async () => {
    const caseId = randomUUID();
    await store.appendEvents(caseId, 0, [draft("A"), draft("B")], { status: "S1", projection: {} });
    const stale = await store.appendEvents(caseId, 1, [draft("C")], { status: "S2", projection: {} });
    expect(stale).toEqual({ ok: false, reason: "CONFLICT", failedExtras: [] });
    const again = await store.appendEvents(caseId, 0, [draft("C")], { status: "S2", projection: {} });
    expect(again).toEqual({ ok: false, reason: "CONFLICT", failedExtras: [] });
    expect((await store.readEvents(caseId)).map((e) => e.type)).toEqual(["A", "B"]);
    expect((await store.getState(caseId))?.status).toBe("S1");
  });

  it("lets exactly one of several concurrent appends at the same version win", async () => {
    const caseId = randomUUID();
    await store.appendEvents(caseId, 0, [draft("CASE_SUBMITTED")], { status: "SUBMITTED", projection: {} });
    const racers = Array.from({ length: 6 }, (_, i) =>
      store.appendEvents(caseId, 1, [draft(`RACER_${i}`), draft(`RACER_${i}_TAIL`)], {
        status: `WON_BY_${i}`,
        projection: { racer: i },
      }),
    );
    const results = await Promise.all(racers);
    const winners = results.filter((r) => r.ok);
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.reason === "CONFLICT")).toBe(true);

    const events = await store.readEvents(caseId);
    const winner = events[1]?.type.replace("RACER_", "");
    expect(events.map((e) => e.type)).toEqual(["CASE_SUBMITTED", `RACER_${winner}`, `RACER_${winner}_TAIL`]);
    expect(verifyChain(caseId, events).ok).toBe(true);
    expect(await store.getState(caseId)).toMatchObject({ version: 3, status: `WON_BY_${winner}` });
  });

  it("lets exactly one of several concurrent creations of the same case win", async () => {
    const caseId = randomUUID();
    const results = await Promise.all(
      [0, 1, 2, 3].map((i) =>
        store.appendEvents(caseId, 0, [draft(`CREATE_${i}`)], { status: "S", projection: {} }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await store.readEvents(caseId)).toHaveLength(1);
  });

  it("refuses an append without events", async () => {
    await expect(
      store.appendEvents(randomUUID(), 0, [], { status: "S", projection: {} }),
    ).rejects.toMatchObject({ name: "CodedError", code: "NO_EVENTS" });
  });
});

describe("case store: one open case per application", () => {
  it("refuses a second open case for the same application in the same transaction as its first event", async () => {
    const applicationId = `APP-${randomUUID()}`;
    const caseA = randomUUID();
    const caseB = randomUUID();
    const openA = await store.appendEvents(
      caseA,
      0,
      [draft("CASE_SUBMITTED")],
      { status: "SUBMITTED", projection: {} },
      [takeApplicationLockItem(tableName, applicationId, caseA, tick())],
    );
    expect(openA.ok).toBe(true);

    const openB = await store.appendEvents(
      caseB,
      0,
      [draft("CASE_SUBMITTED")],
      { status: "SUBMITTED", projection: {} },
      [takeApplicationLockItem(tableName, applicationId, caseB, tick())],
    );
    expect(openB).toEqual({ ok: false, reason: "CONFLICT", failedExtras: [0] });
    expect(await store.getState(caseB)).toBeUndefined();
    expect(await store.readEvents(caseB)).toEqual([]);
    expect(await getApplicationLock(applicationId)).toMatchObject({
      caseId: caseA,
      open: true,
    });

    // Only the holder can release; a stale release conflicts and leaves the lock with A.
    const staleRelease = await store.appendEvents(
      caseA,
      1,
      [draft("CASE_FINALIZED")],
      { status: "DECLINED", projection: {} },
      [releaseApplicationLockItem(tableName, applicationId, caseB, tick())],
    );
    expect(staleRelease).toEqual({ ok: false, reason: "CONFLICT", failedExtras: [0] });

    const closeA = await store.appendEvents(
      caseA,
      1,
      [draft("CASE_FINALIZED")],
      { status: "DECLINED", projection: {} },
      [releaseApplicationLockItem(tableName, applicationId, caseA, tick())],
    );
    expect(closeA.ok).toBe(true);
    expect(await getApplicationLock(applicationId)).toMatchObject({
      caseId: caseA,
      open: false,
    });

    const reopenB = await store.appendEvents(
      caseB,
      0,
      [draft("CASE_SUBMITTED")],
      { status: "SUBMITTED", projection: {} },
      [takeApplicationLockItem(tableName, applicationId, caseB, tick())],
    );
    expect(reopenB.ok).toBe(true);
    expect(await getApplicationLock(applicationId)).toMatchObject({
      caseId: caseB,
      open: true,
    });
  });
});

describe("case store: the credit-admin queue by status", () => {
  it("lists cases of one status newest first, page by page, through the byStatus index", async () => {
    const status = `QUEUED_${randomUUID()}`;
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    for (const id of ids)
      await store.appendEvents(id, 0, [draft("CASE_SUBMITTED")], { status, projection: { id } });

    const page1 = await store.listByStatus(status, 2);
    if (!page1.ok) throw new Error("first page failed");
    expect(page1.items.map((s) => s.caseId)).toEqual([ids[2], ids[1]]);
    expect(page1.cursor).toEqual(expect.any(String));
    const page2 = await store.listByStatus(status, 2, page1.cursor);
    if (!page2.ok) throw new Error("second page failed");
    expect(page2.items.map((s) => s.caseId)).toEqual([ids[0]]);

    // Moving a case on moves it out of the queue: the index follows the STATE item.
    await store.appendEvents(ids[1] as string, 1, [draft("MOVED")], {
      status: `${status}_DONE`,
      projection: {},
    });
    const after = await store.listByStatus(status, 10);
    expect(after.ok && after.items.map((s) => s.caseId)).toEqual([ids[2], ids[0]]);
  });

  it("answers a tampered cursor with BAD_CURSOR", async () => {
    expect(await store.listByStatus("ANY", 10, "not-a-cursor")).toEqual({ ok: false, reason: "BAD_CURSOR" });
    const foreign = Buffer.from(JSON.stringify({ pk: "x" })).toString("base64url");
    expect(await store.listByStatus("ANY", 10, foreign)).toEqual({ ok: false, reason: "BAD_CURSOR" });
  });
});

/**
 * Approvals are written only through the case writer, in the transaction of the event that moves
 * them (what production runs): opened with STAGE_OPENED, decided with DECISION_RECORDED, superseded
 * or rebound with the events of an escalation or a retried wait.
 */
const everyKind = () => createCaseWriter(table, () => new Date(clock), WRITE_KINDS);
const reader = () => createCaseReader(table);
const approvalsOf = () => createApprovalReader(table);

function approval(caseId: string, approverId: string, over: Partial<NewApproval> = {}): NewApproval {
  return {
    approvalId: randomUUID(),
    caseId,
    caseVersion: 1,
    stage: "MANAGER",
    approverId,
    attempt: 1,
    taskToken: `token-${randomUUID()}`,
    createdAt: tick(),
    expiresAt: "2026-03-03T08:00:00.000Z",
    ...over,
  };
}

/** A submitted and assessed case whose MANAGER stage is opened for `approvers`, each with an approval. */
async function openedCase(
  approvers: string[],
): Promise<{ caseId: string; state: CaseState; opened: NewApproval[] }> {
  const caseId = `CASE-${randomUUID()}`;
  const app = fixture("a2-wholesale");
  const writer = everyKind();
  const submitted = await writer.append(caseId, { state: undefined, count: 0 }, [
    {
      event: { type: "CASE_SUBMITTED", payload: { caseVersion: 1, application: app } },
      actor: app.submittedBy,
    },
    {
      event: { type: "CASE_ASSESSED", payload: { caseVersion: 1, assessment: assess(app, getPolicy()) } },
      actor: "system",
    },
  ]);
  if (!submitted.ok) throw new Error("submit failed");
  const opened = approvers.map((a) => approval(caseId, a));
  const open = await writer.append(caseId, { state: submitted.state, count: 2 }, [stageOpened(opened)], {
    newApprovals: opened,
  });
  if (!open.ok) throw new Error("open failed");
  return { caseId, state: open.state, opened };
}

function stageOpened(approvals: NewApproval[]) {
  return {
    event: {
      type: "STAGE_OPENED" as const,
      payload: {
        stage: "MANAGER" as const,
        attempt: 1,
        slaSeconds: 3600,
        approvals: approvals.map((a) => ({ approvalId: a.approvalId, approverId: a.approverId })),
      },
    },
    actor: "system",
  };
}

function decision(a: NewApproval, decision: "approve" | "decline" | "return", by = a.approverId) {
  return {
    drafts: [
      {
        event: {
          type: "DECISION_RECORDED" as const,
          payload: { stage: a.stage, approvalId: a.approvalId, approverId: by, decision, comment: "c" },
        },
        actor: by,
      },
    ],
    extras: {
      decide: { approvalId: a.approvalId, approverId: by, decision, comment: "c", decidedAt: tick() },
    },
  };
}

/** Appends `w` to the case as it is in `state`, through a writer allowed every write kind. */
function write(
  caseId: string,
  state: CaseState,
  w: { drafts: Parameters<ReturnType<typeof everyKind>["append"]>[2]; extras?: CaseWriteExtras },
): Promise<AppendResult> {
  return everyKind().append(caseId, { state, count: state.eventCount }, w.drafts, w.extras);
}

async function rawApproval(approvalId: string) {
  return (await raw.send(new GetCommand({ TableName: tableName, Key: approvalKey(approvalId) }))).Item;
}

describe("approvals, written only with the events that move them", () => {
  it("opens approvals in the transaction of STAGE_OPENED: pending, in the approver's inbox, with a TTL past expiry", async () => {
    const { caseId, opened } = await openedCase(["mgr.wang", "mgr.zhao"]);
    const [a] = opened;
    if (!a) throw new Error("no approval");
    expect(await approvalsOf().get(a.approvalId)).toMatchObject({ ...a, status: "PENDING" });
    const item = await rawApproval(a.approvalId);
    expect(item).toMatchObject({
      gsi2pk: "APPROVER#mgr.wang",
      gsi2sk: `PENDING#${a.createdAt}#${a.approvalId}`,
      ttl: Date.parse(a.expiresAt) / 1000 + 30 * 86_400,
    });
    expect((await reader().load(caseId))?.state.pendingApprovals.map((p) => p.approverId)).toEqual([
      "mgr.wang",
      "mgr.zhao",
    ]);
  });

  it("creates no approval when the event that opens the stage loses its race", async () => {
    const { caseId, state } = await openedCase(["mgr.wang"]);
    const late = approval(caseId, "mgr.li");
    const stale = await everyKind().append(caseId, { state, count: 2 }, [stageOpened([late])], {
      newApprovals: [late],
    });
    expect(stale).toEqual({ ok: false, reason: "CONFLICT" });
    expect(await rawApproval(late.approvalId)).toBeUndefined();
  });

  it("decides an approval once, with its event: a second decision conflicts on the approval and writes nothing", async () => {
    const { caseId, state, opened } = await openedCase(["mgr.wang"]);
    const [a] = opened;
    if (!a) throw new Error("no approval");
    const first = decision(a, "return");
    const done = await write(caseId, state, first);
    expect(done.ok).toBe(true);
    if (!done.ok) return;
    const again = decision(a, "approve");
    expect(await write(caseId, done.state, again)).toEqual({ ok: false, reason: "CONFLICT" });
    expect(await approvalsOf().get(a.approvalId)).toMatchObject({
      status: "DECIDED",
      decision: "return",
      decidedBy: "mgr.wang",
    });
    expect((await rawApproval(a.approvalId))?.gsi2sk).toBe(`DECIDED#${a.createdAt}#${a.approvalId}`);
    expect((await reader().load(caseId))?.events.map((e) => e.type)).toEqual([
      "CASE_SUBMITTED",
      "CASE_ASSESSED",
      "STAGE_OPENED",
      "DECISION_RECORDED",
    ]);
  });

  it("lets only the approver it was issued to decide", async () => {
    const { caseId, state, opened } = await openedCase(["mgr.wang"]);
    const [a] = opened;
    if (!a) throw new Error("no approval");
    const intruder = decision(a, "approve", "mgr.zhao");
    expect(await write(caseId, state, intruder)).toEqual({ ok: false, reason: "CONFLICT" });
    expect((await approvalsOf().get(a.approvalId))?.status).toBe("PENDING");
    expect((await reader().load(caseId))?.state.eventCount).toBe(3);
  });

  it("lets exactly one of two simultaneous decisions land", async () => {
    const { caseId, state, opened } = await openedCase(["mgr.wang"]);
    const [a] = opened;
    if (!a) throw new Error("no approval");
    const results = await Promise.all(
      (["approve", "decline"] as const).map((d) => {
        const w = decision(a, d);
        return write(caseId, state, w);
      }),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const loaded = await reader().load(caseId);
    expect(loaded?.events.filter((e) => e.type === "DECISION_RECORDED")).toHaveLength(1);
  });

  it("supersedes the pending approvals and leaves a decided one as it was", async () => {
    const { caseId, state, opened } = await openedCase(["cm.a", "cm.b"]);
    const [decided, pending] = opened;
    if (!decided || !pending) throw new Error("no approvals");
    const w = decision(decided, "approve");
    const done = await write(caseId, state, w);
    if (!done.ok) throw new Error("decide failed");
    const reassigned = await everyKind().append(
      caseId,
      { state: done.state, count: done.state.eventCount },
      [
        {
          event: {
            type: "STAGE_REASSIGNED",
            payload: { stage: "MANAGER", attempt: 2, from: ["cm.b"], reason: "SLA_TIMEOUT" },
          },
          actor: "system",
        },
      ],
      { supersede: [decided.approvalId, pending.approvalId] },
    );
    expect(reassigned.ok).toBe(true);
    expect(await approvalsOf().get(pending.approvalId)).toMatchObject({ status: "SUPERSEDED" });
    expect((await approvalsOf().get(pending.approvalId))?.closedAt).toEqual(expect.any(String));
    expect(await approvalsOf().get(decided.approvalId)).toMatchObject({
      status: "DECIDED",
      decision: "approve",
    });
    if (!reassigned.ok) return;
    const late = decision(pending, "approve");
    expect(await write(caseId, reassigned.state, late)).toEqual({ ok: false, reason: "CONFLICT" });
  });

  it("rebinds a new task token to the pending approvals with TASK_REBOUND", async () => {
    const { caseId, state, opened } = await openedCase(["mgr.wang"]);
    const [a] = opened;
    if (!a) throw new Error("no approval");
    const rebound = await everyKind().append(
      caseId,
      { state, count: state.eventCount },
      [{ event: { type: "TASK_REBOUND", payload: { stage: "MANAGER", attempt: 3 } }, actor: "system" }],
      { rebindToken: { approvalIds: [a.approvalId], taskToken: "token-after-the-stall" } },
    );
    expect(rebound.ok).toBe(true);
    expect((await approvalsOf().get(a.approvalId))?.taskToken).toBe("token-after-the-stall");
  });

  it("marks a mail as sent on an existing approval, and on nothing else", async () => {
    const { opened } = await openedCase(["mgr.wang"]);
    const [a] = opened;
    if (!a) throw new Error("no approval");
    const marks = createMailMarks(table);
    await marks.markMailed(a.approvalId, "2026-03-01T09:00:00.000Z");
    expect((await approvalsOf().get(a.approvalId))?.mailedAt).toBe("2026-03-01T09:00:00.000Z");
    await expect(marks.markMailed(randomUUID(), "2026-03-01T09:00:00.000Z")).rejects.toMatchObject({
      name: "ConditionalCheckFailedException",
    });
  });

  it("refuses an extra the writer's write kinds do not allow, before writing anything", async () => {
    const { caseId, state } = await openedCase(["mgr.wang"]);
    const noLocks = createCaseWriter(table, () => new Date(clock), ["approvalSettling"]);
    await expect(
      noLocks.append(
        caseId,
        { state, count: state.eventCount },
        [
          {
            event: { type: "CASE_FINALIZED", payload: { status: "DECLINED", reasons: [] } },
            actor: "system",
          },
        ],
        { releaseLock: "APP-1" },
      ),
    ).rejects.toMatchObject({ code: "WRITE_KIND_NOT_WIRED" });
    expect((await reader().load(caseId))?.state.eventCount).toBe(3);
  });
});

describe("a write on what the writer has just read", () => {
  it("chains an append on the head a load carries, and refuses it once another append got there first", async () => {
    const { caseId } = await openedCase(["mgr.wang"]);
    const loaded = await reader().load(caseId);
    if (!loaded?.head) throw new Error("a load of a case carries its head");
    const events = await store.readEvents(caseId);
    expect(loaded.head).toEqual({ hash: events.at(-1)?.hash, createdAt: events[0]?.at });
    expect(await reader().state(caseId)).toEqual(loaded.state);

    const rebind = (token: string) => ({
      drafts: [
        {
          event: { type: "TASK_REBOUND" as const, payload: { stage: "MANAGER" as const, attempt: 3 } },
          actor: "system",
        },
      ],
      extras: {
        rebindToken: { approvalIds: [loaded.state.pendingApprovals[0]?.approvalId ?? ""], taskToken: token },
      },
    });
    const base = { state: loaded.state, count: loaded.state.eventCount, head: loaded.head };
    const first = await everyKind().append(caseId, base, rebind("t1").drafts, rebind("t1").extras);
    expect(first.ok).toBe(true);
    const stale = await everyKind().append(caseId, base, rebind("t2").drafts, rebind("t2").extras);
    expect(stale).toEqual({ ok: false, reason: "CONFLICT" });

    const trail = await store.readEvents(caseId);
    expect(trail).toHaveLength(4);
    expect(verifyChain(caseId, trail)).toMatchObject({ ok: true, head: { seq: 4, hash: trail[3]?.hash } });
    expect(await store.getState(caseId)).toMatchObject({
      version: 4,
      headHash: trail[3]?.hash,
      createdAt: trail[0]?.at,
    });
  });

  it("decides with the approval the decision read, still only if it is pending at the write", async () => {
    const { caseId, state, opened } = await openedCase(["mgr.wang"]);
    const [a] = opened;
    if (!a) throw new Error("no approval");
    const asRead = await approvalsOf().get(a.approvalId);
    if (!asRead) throw new Error("no approval");
    const withRead = (d: "approve" | "decline") => {
      const w = decision(a, d);
      return { ...w, extras: { decide: { ...w.extras.decide, approval: asRead } } };
    };
    const done = await write(caseId, state, withRead("approve"));
    expect(done.ok).toBe(true);
    if (!done.ok) return;
    expect(await approvalsOf().get(a.approvalId)).toMatchObject({ status: "DECIDED", decision: "approve" });
    // The same (now stale) read again, on the case as it stands: the approval's condition refuses it.
    expect(await write(caseId, done.state, withRead("decline"))).toEqual({ ok: false, reason: "CONFLICT" });
    expect(await approvalsOf().get(a.approvalId)).toMatchObject({ status: "DECIDED", decision: "approve" });
  });
});
