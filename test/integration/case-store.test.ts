import { randomUUID } from "node:crypto";
import { CreateTableCommand, DynamoDBClient, UpdateTimeToLiveCommand } from "@aws-sdk/client-dynamodb";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EventDraft, verifyChain } from "../../domain/audit/chain";
import {
  getApplicationLock,
  releaseApplicationLockItem,
  takeApplicationLockItem,
} from "../../functions/shared/application-lock";
import {
  type ApprovalsRepository,
  createApprovalsRepository,
  decideApprovalItem,
  type NewApproval,
  putApprovalItem,
  retireApprovalItem,
} from "../../functions/shared/approvals";
import { type CaseStore, createCaseStore } from "../../functions/shared/case-store";
import { createDocumentClient } from "../../functions/shared/dynamo-client";
import {
  approvalKey,
  appTableDefinition,
  appTableTtl,
  eventKey,
  stateKey,
} from "../../functions/shared/table";
import { localAwsClientConfig, startDynamoDbLocal } from "../../infra/local/dynamodb-local";

let stop: () => Promise<void> = async () => {};
let store: CaseStore;
let approvals: ApprovalsRepository;
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
  approvals = createApprovalsRepository({ client: raw, tableName });
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
    ).rejects.toMatchObject({
      name: "StoreError",
      code: "NO_EVENTS",
    });
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
    expect(await getApplicationLock(raw, tableName, applicationId)).toMatchObject({
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
    expect(await getApplicationLock(raw, tableName, applicationId)).toMatchObject({
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
    expect(await getApplicationLock(raw, tableName, applicationId)).toMatchObject({
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

function approval(over: Partial<NewApproval> = {}): NewApproval {
  return {
    approvalId: randomUUID(),
    caseId: randomUUID(),
    caseVersion: 1,
    stage: "MANAGER",
    approverId: `mgr.${randomUUID().slice(0, 8)}`,
    attempt: 1,
    taskToken: `token-${randomUUID()}`,
    createdAt: tick(),
    expiresAt: "2026-03-03T08:00:00.000Z",
    ...over,
  };
}

const decideAt = "2026-03-02T09:00:00.000Z";

describe("approvals: decided once, by the right person", () => {
  it("stores pending approvals with a TTL past expiry and shows them in the approver's inbox without the token", async () => {
    const a = approval();
    const b = approval({ approverId: a.approverId });
    expect(await approvals.putApprovals([a, b])).toMatchObject({ ok: true });
    const stored = await approvals.getApproval(a.approvalId);
    expect(stored).toMatchObject({ ...a, status: "PENDING" });
    expect(stored?.ttl).toBe(Date.parse(a.expiresAt) / 1000 + 30 * 86_400);

    const inbox = await approvals.listInbox(a.approverId, "PENDING");
    if (!inbox.ok) throw new Error("inbox failed");
    expect(inbox.items.map((i) => i.approvalId)).toEqual([a.approvalId, b.approvalId]);
    expect(inbox.items.every((i) => !("taskToken" in i))).toBe(true);
    expect(await approvals.putApprovals([a])).toEqual({ ok: false, reason: "ALREADY_EXISTS" });
  });

  it("records the first decision and answers a second one with NOT_PENDING", async () => {
    const a = approval();
    await approvals.putApprovals([a]);
    const first = await approvals.decideApproval(a.approvalId, {
      decision: "approve",
      comment: "fine",
      decidedAt: decideAt,
      by: a.approverId,
    });
    expect(first).toMatchObject({
      ok: true,
      outcome: "DECIDED",
      approval: { status: "DECIDED", decision: "approve", decidedBy: a.approverId, decidedAt: decideAt },
    });
    const second = await approvals.decideApproval(a.approvalId, {
      decision: "decline",
      comment: "changed my mind",
      decidedAt: decideAt,
      by: a.approverId,
    });
    expect(second).toEqual({ ok: false, reason: "NOT_PENDING", status: "DECIDED" });
    expect((await approvals.getApproval(a.approvalId))?.decision).toBe("approve");

    const pending = await approvals.listInbox(a.approverId, "PENDING");
    const decided = await approvals.listInbox(a.approverId, "DECIDED");
    expect(pending.ok && pending.items).toEqual([]);
    expect(decided.ok && decided.items.map((i) => i.approvalId)).toEqual([a.approvalId]);
  });

  it("lets exactly one of two simultaneous clicks decide", async () => {
    const a = approval();
    await approvals.putApprovals([a]);
    const results = await Promise.all(
      (["approve", "decline"] as const).map((decision) =>
        approvals.decideApproval(a.approvalId, {
          decision,
          comment: "c",
          decidedAt: decideAt,
          by: a.approverId,
        }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: "NOT_PENDING", status: "DECIDED" }]);
  });

  it("rejects the wrong approver, an expired approval and an unknown one, changing nothing", async () => {
    const a = approval();
    await approvals.putApprovals([a]);
    const input = { decision: "approve" as const, comment: "", decidedAt: decideAt };
    expect(await approvals.decideApproval(a.approvalId, { ...input, by: "mgr.intruder" })).toEqual({
      ok: false,
      reason: "WRONG_APPROVER",
    });
    expect(
      await approvals.decideApproval(a.approvalId, {
        ...input,
        by: a.approverId,
        decidedAt: "2026-03-03T08:00:00Z",
      }),
    ).toEqual({ ok: false, reason: "EXPIRED" });
    expect(await approvals.decideApproval(randomUUID(), { ...input, by: a.approverId })).toEqual({
      ok: false,
      reason: "NOT_FOUND",
    });
    expect((await approvals.getApproval(a.approvalId))?.status).toBe("PENDING");
  });

  it("supersedes pending approvals on reassignment and leaves decided ones alone", async () => {
    const pending = approval();
    const decided = approval();
    await approvals.putApprovals([pending, decided]);
    await approvals.decideApproval(decided.approvalId, {
      decision: "approve",
      comment: "",
      decidedAt: decideAt,
      by: decided.approverId,
    });
    const missing = randomUUID();
    const result = await approvals.supersedeApprovals(
      [pending.approvalId, decided.approvalId, missing],
      decideAt,
    );
    expect(result).toEqual({ retired: [pending.approvalId], untouched: [decided.approvalId, missing] });
    expect(await approvals.getApproval(pending.approvalId)).toMatchObject({
      status: "SUPERSEDED",
      closedAt: decideAt,
    });
    expect(await approvals.getApproval(decided.approvalId)).toMatchObject({
      status: "DECIDED",
      decision: "approve",
    });
    expect(
      await approvals.decideApproval(pending.approvalId, {
        decision: "approve",
        comment: "",
        decidedAt: decideAt,
        by: pending.approverId,
      }),
    ).toEqual({ ok: false, reason: "NOT_PENDING", status: "SUPERSEDED" });
    const inbox = await approvals.listInbox(pending.approverId, "SUPERSEDED");
    expect(inbox.ok && inbox.items.map((i) => i.approvalId)).toEqual([pending.approvalId]);
  });

  it("creates approvals only if the event that opens the stage is written", async () => {
    const caseId = randomUUID();
    await store.appendEvents(caseId, 0, [draft("CASE_SUBMITTED")], { status: "SUBMITTED", projection: {} });
    const a = approval({ caseId });
    const stale = await store.appendEvents(
      caseId,
      0,
      [draft("STAGE_OPENED")],
      { status: "IN_APPROVAL", projection: {} },
      [putApprovalItem(tableName, a)],
    );
    expect(stale).toMatchObject({ ok: false, reason: "CONFLICT" });
    const { Item } = await raw.send(new GetCommand({ TableName: tableName, Key: approvalKey(a.approvalId) }));
    expect(Item).toBeUndefined();
  });

  it("records a decision together with its event, once: the second transaction conflicts on the approval", async () => {
    const caseId = randomUUID();
    await store.appendEvents(caseId, 0, [draft("STAGE_OPENED")], { status: "IN_APPROVAL", projection: {} });
    const a = approval({ caseId });
    await approvals.putApprovals([a]);
    const current = await approvals.getApproval(a.approvalId);
    if (!current) throw new Error("approval lost");
    const decide = (version: number) =>
      store.appendEvents(
        caseId,
        version,
        [draft("DECISION_RECORDED", {}, a.approverId)],
        { status: "IN_APPROVAL", projection: {} },
        [
          decideApprovalItem(tableName, current, {
            decision: "return",
            comment: "need cash flow",
            decidedAt: decideAt,
            by: a.approverId,
          }),
        ],
      );
    expect((await decide(1)).ok).toBe(true);
    expect(await decide(2)).toEqual({ ok: false, reason: "CONFLICT", failedExtras: [0] });
    expect(await approvals.getApproval(a.approvalId)).toMatchObject({
      status: "DECIDED",
      decision: "return",
    });
    expect(await store.readEvents(caseId)).toHaveLength(2);
    const retire = retireApprovalItem(tableName, current, "SUPERSEDED", decideAt);
    const superseding = await store.appendEvents(
      caseId,
      2,
      [draft("STAGE_REASSIGNED")],
      { status: "IN_APPROVAL", projection: {} },
      [retire],
    );
    expect(superseding).toEqual({ ok: false, reason: "CONFLICT", failedExtras: [0] });
  });
});
