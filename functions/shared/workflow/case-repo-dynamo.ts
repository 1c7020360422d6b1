import { BatchGetCommand, type DynamoDBDocumentClient, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import {
  applyEvent,
  asRecorded,
  type CaseEvent,
  type CaseState,
  foldEvents,
  type RecordedEvent,
} from "../../../domain";
import { releaseApplicationLockItem, takeApplicationLockItem } from "../application-lock";
import { type Approval, parseApprovalItem, putApprovalItem } from "../approvals";
import type { CaseStore } from "../case-store";
import type { TransactItem } from "../dynamo-client";
import { approvalKey, approverIndexKeys } from "../table";
import type { AppendResult, ApprovalRecord, ApprovalsPort, CaseRepo, CaseWriteExtras } from "./ports";

/**
 * Cases as the workflow sees them: the events are the truth and the STATE projection is their fold,
 * written in the same transaction as the events it reflects, with every side effect (approvals,
 * application lock) that must not happen without them.
 */
export function createCaseRepo(deps: {
  store: CaseStore;
  client: DynamoDBDocumentClient;
  tableName: string;
  now: () => Date;
}): CaseRepo & ApprovalsPort {
  const { store, client, tableName } = deps;

  async function getApprovals(ids: readonly string[]): Promise<Approval[]> {
    if (ids.length === 0) return [];
    const out = await client.send(
      new BatchGetCommand({
        RequestItems: { [tableName]: { Keys: ids.map(approvalKey), ConsistentRead: true } },
      }),
    );
    return (out.Responses?.[tableName] ?? []).map(parseApprovalItem);
  }

  /** Conditional status moves of approvals; the status is part of the inbox index key, so it moves too. */
  function moveApproval(
    a: Approval,
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

  async function extraItems(caseId: string, extras: CaseWriteExtras, at: string): Promise<TransactItem[]> {
    const items: TransactItem[] = [];
    for (const a of extras.newApprovals ?? []) items.push(putApprovalItem(tableName, a));
    if (extras.decide) {
      const a = extras.decide.approval ?? (await getApprovals([extras.decide.approvalId]))[0];
      if (!a) throw new Error(`approval ${extras.decide.approvalId} vanished`);
      const item = moveApproval(
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
        item.Update.ConditionExpression = "#status = :pending AND approverId = :by";
        item.Update.ExpressionAttributeValues = {
          ...item.Update.ExpressionAttributeValues,
          ":by": extras.decide.approverId,
        };
      }
      items.push(item);
    }
    for (const a of await getApprovals(extras.supersede ?? [])) {
      if (a.status === "PENDING") items.push(moveApproval(a, "SUPERSEDED", {}, at));
    }
    if (extras.rebindToken) {
      for (const a of await getApprovals(extras.rebindToken.approvalIds)) {
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
    return items;
  }

  return {
    async load(caseId) {
      const stored = await store.readEvents(caseId);
      const events = stored.map(asRecorded);
      const state = foldEvents(caseId, events);
      const [first, last] = [stored[0], stored.at(-1)];
      const head = first && last ? { hash: last.hash, createdAt: first.at } : undefined;
      return state ? { state, events, ...(head ? { head } : {}) } : undefined;
    },

    async append(caseId, base, drafts, extras = {}): Promise<AppendResult> {
      const at = deps.now().toISOString();
      let state = base.state;
      const recorded = drafts.map(
        (d, i) => ({ ...d.event, seq: base.count + i + 1, at, actor: d.actor }) as RecordedEvent,
      );
      for (const e of recorded) state = applyEvent(state, caseId, e);
      if (!state) throw new Error("append without events");
      const result = await store.appendEvents(
        caseId,
        base.count,
        drafts.map((d) => ({
          type: d.event.type,
          at,
          actor: d.actor,
          payload: d.event.payload as CaseEvent["payload"] & Record<string, unknown>,
        })),
        { status: state.status, projection: state as unknown as Record<string, unknown> },
        await extraItems(caseId, extras, at),
        base.head,
      );
      return result.ok ? { ok: true, state } : { ok: false, reason: "CONFLICT" };
    },

    async state(caseId) {
      return (await store.getState(caseId))?.projection as unknown as CaseState | undefined;
    },

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

    async get(approvalId): Promise<ApprovalRecord | undefined> {
      const [a] = await getApprovals([approvalId]);
      return a;
    },

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
