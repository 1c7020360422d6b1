import { randomUUID } from "node:crypto";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import type { Decision } from "../../domain/case/types";
import {
  type Approval,
  type ApprovalStatus,
  approvalItem,
  type InboxEntry,
  isoInstant,
  type NewApproval,
  newApprovalRecord,
  parseApprovalItem,
  toInboxEntry,
} from "./approval-items";
import { MAX_TRANSACT_ITEMS, type TransactItem } from "./dynamo-client";
import { clampLimit, decodeCursor, encodeCursor, type Page } from "./paging";
import { StoreError } from "./store-errors";
import { approvalKey, approverIndexKeys, approverIndexPk, GSI_BY_APPROVER } from "./table";
import { transactionConflict } from "./transaction-outcome";

export * from "./approval-items";

export function newId(): string {
  return randomUUID();
}

export interface DecisionInput {
  decision: Decision;
  comment: string;
  decidedAt: string;
  /** The user acting; must be the approver the item was issued to. */
  by: string;
}

export type DecideResult =
  | { ok: true; outcome: "DECIDED"; approval: Approval }
  | { ok: false; reason: "NOT_FOUND" }
  | { ok: false; reason: "WRONG_APPROVER" }
  | { ok: false; reason: "NOT_PENDING"; status: ApprovalStatus }
  | { ok: false; reason: "EXPIRED" };

export type PutApprovalsResult =
  | { ok: true; approvals: Approval[] }
  | { ok: false; reason: "ALREADY_EXISTS" };

export interface RetireResult {
  /** Moved out of PENDING by this call. */
  retired: string[];
  /** Already decided, superseded, closed or missing: left as they were. */
  untouched: string[];
}

export interface ApprovalsRepository {
  putApprovals(approvals: readonly NewApproval[]): Promise<PutApprovalsResult>;
  getApproval(approvalId: string): Promise<Approval | undefined>;
  decideApproval(approvalId: string, input: DecisionInput): Promise<DecideResult>;
  supersedeApprovals(approvalIds: readonly string[], at: string): Promise<RetireResult>;
  closeApprovals(approvalIds: readonly string[], at: string): Promise<RetireResult>;
  listInbox(
    approverId: string,
    status: ApprovalStatus,
    page?: { limit?: number; cursor?: string },
  ): Promise<Page<InboxEntry>>;
}

/** For callers that write approvals in the same transaction as the event that opens a stage. */
export function putApprovalItem(tableName: string, approval: NewApproval): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: approvalItem(newApprovalRecord(approval)),
      ConditionExpression: "attribute_not_exists(pk)",
    },
  };
}

type ApprovalUpdate = NonNullable<TransactItem["Update"]>;

/**
 * The conditional decide as a transaction item, for callers that record the decision event in the
 * same transaction. `current` is the approval as read: its immutable fields build the new inbox key.
 */
export function decideApprovalItem(tableName: string, current: Approval, input: DecisionInput): TransactItem {
  return { Update: decideUpdate(tableName, current, input) };
}

/** PENDING → SUPERSEDED or CLOSED as a transaction item; fails its condition if decided meanwhile. */
export function retireApprovalItem(
  tableName: string,
  current: Approval,
  status: "SUPERSEDED" | "CLOSED",
  at: string,
): TransactItem {
  return { Update: retireUpdate(tableName, current, status, at) };
}

function decideUpdate(TableName: string, current: Approval, input: DecisionInput): ApprovalUpdate {
  return {
    TableName,
    Key: approvalKey(current.approvalId),
    UpdateExpression:
      "SET #status = :decided, decision = :decision, #comment = :comment, decidedAt = :at, decidedBy = :by, " +
      "gsi2sk = :gsi2sk",
    // The first click wins; every later one (or a racing one) changes nothing.
    ConditionExpression: "#status = :pending AND approverId = :by AND expiresAt > :at",
    ExpressionAttributeNames: { "#status": "status", "#comment": "comment" },
    ExpressionAttributeValues: {
      ":decided": "DECIDED",
      ":pending": "PENDING",
      ":decision": input.decision,
      ":comment": input.comment,
      ":at": isoInstant(input.decidedAt),
      ":by": input.by,
      ":gsi2sk": inboxSortKey(current, "DECIDED"),
    },
  };
}

function retireUpdate(
  TableName: string,
  current: Approval,
  status: ApprovalStatus,
  at: string,
): ApprovalUpdate {
  return {
    TableName,
    Key: approvalKey(current.approvalId),
    UpdateExpression: "SET #status = :status, closedAt = :at, gsi2sk = :gsi2sk",
    // A decision that lands first stands: retiring never overwrites it.
    ConditionExpression: "#status = :pending",
    ExpressionAttributeNames: { "#status": "status" },
    ExpressionAttributeValues: {
      ":status": status,
      ":pending": "PENDING",
      ":at": isoInstant(at),
      ":gsi2sk": inboxSortKey(current, status),
    },
  };
}

const INBOX_INDEX_KEYS = ["pk", "sk", "gsi2pk", "gsi2sk"] as const;

function inboxSortKey(a: Approval, status: ApprovalStatus): string {
  return approverIndexKeys(a.approverId, status, a.createdAt, a.approvalId).gsi2sk;
}

function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === "ConditionalCheckFailedException";
}

/** Why `by` may not decide `a` at `at`, or undefined when they may. */
function refusalFor(
  a: Approval | undefined,
  by: string,
  at: string,
): Exclude<DecideResult, { ok: true }> | undefined {
  if (!a) return { ok: false, reason: "NOT_FOUND" };
  // Checked before the status so a wrong person learns nothing about the approval's progress.
  if (a.approverId !== by) return { ok: false, reason: "WRONG_APPROVER" };
  if (a.status !== "PENDING") return { ok: false, reason: "NOT_PENDING", status: a.status };
  if (a.expiresAt <= at) return { ok: false, reason: "EXPIRED" };
  return undefined;
}

export function createApprovalsRepository(deps: {
  client: DynamoDBDocumentClient;
  tableName: string;
}): ApprovalsRepository {
  const { client, tableName: TableName } = deps;

  async function getApproval(approvalId: string): Promise<Approval | undefined> {
    const { Item } = await client.send(
      new GetCommand({ TableName, Key: approvalKey(approvalId), ConsistentRead: true }),
    );
    return Item ? parseApprovalItem(Item) : undefined;
  }

  async function putApprovals(approvals: readonly NewApproval[]): Promise<PutApprovalsResult> {
    if (approvals.length === 0) return { ok: true, approvals: [] };
    if (approvals.length > MAX_TRANSACT_ITEMS) {
      throw new StoreError("TOO_MANY_TRANSACT_ITEMS", `at most ${MAX_TRANSACT_ITEMS} approvals at once`);
    }
    const records = approvals.map(newApprovalRecord);
    try {
      await client.send(
        new TransactWriteCommand({
          TransactItems: records.map((r) => ({
            Put: { TableName, Item: approvalItem(r), ConditionExpression: "attribute_not_exists(pk)" },
          })),
        }),
      );
    } catch (error) {
      if (transactionConflict(error)?.conditionFailed.length) return { ok: false, reason: "ALREADY_EXISTS" };
      throw error;
    }
    return { ok: true, approvals: records };
  }

  async function decideApproval(approvalId: string, input: DecisionInput): Promise<DecideResult> {
    const decidedAt = isoInstant(input.decidedAt);
    // Read first: gsi2sk embeds the status and DynamoDB cannot concatenate in an update, so the new key
    // is built from the immutable createdAt. The condition below still decides any race.
    const current = await getApproval(approvalId);
    const refusal = refusalFor(current, input.by, decidedAt);
    if (refusal || !current) return refusal ?? { ok: false, reason: "NOT_FOUND" };
    try {
      const { Attributes } = await client.send(
        new UpdateCommand({
          ...decideUpdate(TableName, current, { ...input, decidedAt }),
          ReturnValues: "ALL_NEW",
        }),
      );
      return { ok: true, outcome: "DECIDED", approval: parseApprovalItem(Attributes ?? {}) };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const after = await getApproval(approvalId);
    const reason = refusalFor(after, input.by, decidedAt);
    if (!reason)
      throw new StoreError("DECIDE_UNEXPLAINED", `decide on ${approvalId} failed on a decidable item`);
    return reason;
  }

  async function retire(
    approvalIds: readonly string[],
    status: ApprovalStatus,
    at: string,
  ): Promise<RetireResult> {
    const closedAt = isoInstant(at);
    const results = await Promise.all(
      approvalIds.map(async (approvalId) => {
        const current = await getApproval(approvalId);
        if (current?.status !== "PENDING") return { approvalId, retired: false };
        try {
          await client.send(new UpdateCommand(retireUpdate(TableName, current, status, closedAt)));
          return { approvalId, retired: true };
        } catch (error) {
          if (isConditionFailure(error)) return { approvalId, retired: false };
          throw error;
        }
      }),
    );
    return {
      retired: results.filter((r) => r.retired).map((r) => r.approvalId),
      untouched: results.filter((r) => !r.retired).map((r) => r.approvalId),
    };
  }

  async function listInbox(
    approverId: string,
    status: ApprovalStatus,
    page: { limit?: number; cursor?: string } = {},
  ): Promise<Page<InboxEntry>> {
    const startKey = page.cursor === undefined ? undefined : decodeCursor(page.cursor, INBOX_INDEX_KEYS);
    if (page.cursor !== undefined && !startKey) return { ok: false, reason: "BAD_CURSOR" };
    const result = await client.send(
      new QueryCommand({
        TableName,
        IndexName: GSI_BY_APPROVER,
        KeyConditionExpression: "gsi2pk = :pk AND begins_with(gsi2sk, :status)",
        ExpressionAttributeValues: { ":pk": approverIndexPk(approverId), ":status": `${status}#` },
        // Oldest first: the approval closest to its deadline is on top.
        ScanIndexForward: true,
        Limit: clampLimit(page.limit ?? 50),
        ExclusiveStartKey: startKey,
      }),
    );
    return {
      ok: true,
      items: (result.Items ?? []).map((item) => toInboxEntry(parseApprovalItem(item))),
      cursor: encodeCursor(result.LastEvaluatedKey),
    };
  }

  return {
    putApprovals,
    getApproval,
    decideApproval,
    supersedeApprovals: (ids, at) => retire(ids, "SUPERSEDED", at),
    closeApprovals: (ids, at) => retire(ids, "CLOSED", at),
    listInbox,
  };
}
