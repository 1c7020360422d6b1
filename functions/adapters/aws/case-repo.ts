import { BatchGetCommand, type DynamoDBDocumentClient, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import {
  applyEvent,
  asRecorded,
  type CaseEvent,
  type CaseState,
  CodedError,
  foldEvents,
  type RecordedEvent,
} from "../../../domain";
import {
  type AppendResult,
  type ApprovalReader,
  type ApprovalRecord,
  type CaseQueue,
  type CaseReader,
  type CaseWriteExtras,
  type CaseWriter,
  type MailMarks,
  refuseUndeclared,
  type WriteKind,
} from "../../app/ports";
import { releaseApplicationLockItem, takeApplicationLockItem } from "./application-lock";
import { approvalItem, newApprovalRecord, parseApprovalItem } from "./approval-items";
import { commitItems, reservationItems } from "./book";
import type { CaseStore } from "./case-store";
import type { TransactItem } from "./dynamo-client";
import { putIdempotencyItem } from "./idempotency";
import { approvalKey, approverIndexKeys } from "./table";

/** The table a case adapter works on: the document client, the table's name, and the case store over them. */
export interface CaseTable {
  client: DynamoDBDocumentClient;
  tableName: string;
  store: CaseStore;
}

/** Port `cases`: the events are the truth, the state is their fold. */
export function createCaseReader({ store }: Pick<CaseTable, "store">): CaseReader {
  return {
    async load(caseId) {
      const stored = await store.readEvents(caseId);
      const events = stored.map(asRecorded);
      const state = foldEvents(caseId, events);
      if (!state) return undefined;
      // The head the events carry, so that an append on this load need not read STATE for it.
      const [first, last] = [stored[0], stored.at(-1)];
      return { state, events, ...(first && last ? { head: { hash: last.hash, createdAt: first.at } } : {}) };
    },
    async state(caseId) {
      return (await store.getState(caseId))?.projection as unknown as CaseState | undefined;
    },
  };
}

async function getApprovals(
  table: Omit<CaseTable, "store">,
  ids: readonly string[],
): Promise<ApprovalRecord[]> {
  if (ids.length === 0) return [];
  const { client, tableName } = table;
  const out = await client.send(
    new BatchGetCommand({
      RequestItems: { [tableName]: { Keys: ids.map(approvalKey), ConsistentRead: true } },
    }),
  );
  return (out.Responses?.[tableName] ?? []).map(parseApprovalItem);
}

/** Port `approvals`. */
export function createApprovalReader(table: Omit<CaseTable, "store">): ApprovalReader {
  return {
    async get(approvalId) {
      const [a] = await getApprovals(table, [approvalId]);
      return a;
    },
  };
}

/** Port `mailMarks`: one attribute, on an approval that exists; nothing else of the item is touched. */
export function createMailMarks({ client, tableName }: Omit<CaseTable, "store">): MailMarks {
  return {
    async markMailed(approvalId, at) {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: approvalKey(approvalId),
          UpdateExpression: "SET mailedAt = :at",
          ConditionExpression: "attribute_exists(pk)",
          ExpressionAttributeValues: { ":at": at },
        }),
      );
    },
  };
}

/** Conditional status moves of approvals; the status is part of the inbox index key, so it moves too. */
function moveApproval(
  tableName: string,
  a: ApprovalRecord,
  status: "DECIDED" | "SUPERSEDED",
  set: Record<string, unknown>,
  at: string,
): TransactItem {
  const names: Record<string, string> = { "#status": "status" };
  const values: Record<string, unknown> = {
    ":status": status,
    ":pending": "PENDING",
    ":gsi2sk": approverIndexKeys(a.approverId, status, a.createdAt, a.approvalId).gsi2sk,
    ":at": at,
  };
  const assignments = [
    "#status = :status",
    "gsi2sk = :gsi2sk",
    status === "DECIDED" ? "decidedAt = :at" : "closedAt = :at",
  ];
  for (const [k, v] of Object.entries(set)) {
    names[`#${k}`] = k;
    values[`:${k}`] = v;
    assignments.push(`#${k} = :${k}`);
  }
  return {
    Update: {
      TableName: tableName,
      Key: approvalKey(a.approvalId),
      UpdateExpression: `SET ${assignments.join(", ")}`,
      ConditionExpression: "#status = :pending",
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/**
 * The transaction items that must commit with the events: approvals opened or settled, the lock taken
 * or released, the book's reservations and commit. `counters[i]` names the book counter item i updates
 * conditionally, so a failed condition there is told from a case conflict.
 */
async function extraItems(
  table: CaseTable,
  caseId: string,
  extras: CaseWriteExtras,
  at: string,
): Promise<{ items: TransactItem[]; counters: Map<number, string> }> {
  const { tableName } = table;
  const items: TransactItem[] = [];
  for (const a of extras.newApprovals ?? []) {
    items.push({
      Put: {
        TableName: tableName,
        Item: approvalItem(newApprovalRecord(a)),
        ConditionExpression: "attribute_not_exists(pk)",
      },
    });
  }
  if (extras.decide) {
    // The approval the decision has just read, when it passes it: the conditions below still guard the write.
    const a = extras.decide.approval ?? (await getApprovals(table, [extras.decide.approvalId]))[0];
    if (!a) throw new CodedError("APPROVAL_VANISHED", `approval ${extras.decide.approvalId} vanished`);
    const item = moveApproval(
      tableName,
      a,
      "DECIDED",
      {
        decision: extras.decide.decision,
        comment: extras.decide.comment,
        decidedBy: extras.decide.approverId,
      },
      extras.decide.decidedAt,
    );
    if (item.Update) {
      // The first click wins, and only the approver it was issued to decides.
      item.Update.ConditionExpression = "#status = :pending AND approverId = :by";
      item.Update.ExpressionAttributeValues = {
        ...item.Update.ExpressionAttributeValues,
        ":by": extras.decide.approverId,
      };
    }
    items.push(item);
  }
  for (const a of await getApprovals(table, extras.supersede ?? [])) {
    if (a.status === "PENDING") items.push(moveApproval(tableName, a, "SUPERSEDED", {}, at));
  }
  if (extras.rebindToken) {
    for (const a of await getApprovals(table, extras.rebindToken.approvalIds)) {
      items.push({
        Update: {
          TableName: tableName,
          Key: approvalKey(a.approvalId),
          UpdateExpression: "SET taskToken = :token",
          ConditionExpression: "#status = :pending",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: { ":token": extras.rebindToken.taskToken, ":pending": "PENDING" },
        },
      });
    }
  }
  if (extras.takeLock) items.push(takeApplicationLockItem(tableName, extras.takeLock, caseId, at));
  if (extras.releaseLock) items.push(releaseApplicationLockItem(tableName, extras.releaseLock, caseId, at));
  if (extras.idempotency) items.push(putIdempotencyItem(tableName, extras.idempotency, caseId, at));
  items.push(...reservationItems(tableName, extras.reserve ?? []));
  const counters = new Map<number, string>();
  if (extras.commitExposure) {
    const commit = commitItems(tableName, caseId, extras.commitExposure, at);
    for (const [i, counter] of commit.counters.entries())
      if (counter !== null) counters.set(items.length + i, counter);
    items.push(...commit.items);
  }
  return { items, counters };
}

/**
 * Port `caseWrites`: the events appended under the event count read, the STATE projection written as
 * their fold, and every extra the writer's write kinds allow, in one DynamoDB transaction.
 */
export function createCaseWriter<K extends WriteKind>(
  table: CaseTable,
  now: () => Date,
  kinds: readonly K[],
): CaseWriter<K> {
  const allowed = new Set<WriteKind>(kinds);
  return {
    accepts: (kind) => allowed.has(kind),
    async append(caseId, base, drafts, extras = {}): Promise<AppendResult> {
      refuseUndeclared(extras, allowed);
      const at = now().toISOString();
      let state = base.state;
      const recorded = drafts.map(
        (d, i) => ({ ...d.event, seq: base.count + i + 1, at, actor: d.actor }) as RecordedEvent,
      );
      for (const e of recorded) state = applyEvent(state, caseId, e);
      if (!state) throw new CodedError("NO_EVENTS", "an append must record at least one event");
      const extra = await extraItems(table, caseId, extras, at);
      const result = await table.store.appendEvents(
        caseId,
        base.count,
        drafts.map((d) => ({
          type: d.event.type,
          at,
          actor: d.actor,
          payload: d.event.payload as CaseEvent["payload"] & Record<string, unknown>,
        })),
        { status: state.status, projection: state as unknown as Record<string, unknown> },
        extra.items,
        base.head,
      );
      if (result.ok) return { ok: true, state };
      const refused = result.failedExtras.flatMap((i) => extra.counters.get(i) ?? []);
      return refused.length > 0
        ? { ok: false, reason: "CAP_REFUSED", counters: refused }
        : { ok: false, reason: "CONFLICT" };
    },
  };
}

/** Port `caseQueue`: the byStatus index, page by page; never a Scan. */
export function createCaseQueue({ store }: Pick<CaseTable, "store">): CaseQueue {
  return {
    async listByStatus(status, limit) {
      const page = await store.listByStatus(status, limit);
      if (!page.ok) return [];
      return page.items.map((s) => s.projection as unknown as CaseState);
    },
    async *allByStatus(status) {
      let cursor: string | undefined;
      do {
        const page = await store.listByStatus(status, 100, cursor);
        if (!page.ok) return;
        for (const s of page.items) yield s.projection as unknown as CaseState;
        cursor = page.cursor;
      } while (cursor);
    },
    changedSince: (since) => store.changedSince(since),
  };
}
