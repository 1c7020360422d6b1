import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from "@aws-sdk/lib-dynamodb";
import {
  type AuditEvent,
  type ChainHead,
  chainEvents,
  type EventDraft,
  genesisHead,
} from "../../../domain/audit/chain";
import { CASE_STATUSES } from "../../../domain/case/types";
import { CodedError } from "../../../domain/errors";
import type { KnownHead } from "../../app/ports";
import { eventItem, parseEventItem, parseStateItem, type StoredCaseState, stateItem } from "./case-items";
import { MAX_TRANSACT_ITEMS, queryAll, type TransactItem } from "./dynamo-client";
import { clampLimit, decodeCursor, encodeCursor, type Page } from "./paging";
import { casePk, EVENT_SK_PREFIX, GSI_BY_STATUS, stateKey, statusIndexPk } from "./table";
import { transactionConflict } from "./transaction-outcome";

export type { StoredCaseState } from "./case-items";

/** What the caller wants the STATE item to say after the append; the store does not interpret it. */
export interface NextState {
  status: string;
  projection: Record<string, unknown>;
}

export type AppendResult =
  | { ok: true; events: AuditEvent[]; state: StoredCaseState }
  /**
   * Someone appended first (stale version) or a caller condition failed. `failedExtras` holds the
   * indexes into `extra` whose condition failed (e.g. the application lock), empty when the case
   * itself moved on.
   */
  | { ok: false; reason: "CONFLICT"; failedExtras: number[] };

export interface CaseStore {
  appendEvents(
    caseId: string,
    expectedVersion: number,
    drafts: readonly EventDraft[],
    next: NextState,
    extra?: readonly TransactItem[],
    known?: KnownHead,
  ): Promise<AppendResult>;
  readEvents(caseId: string): Promise<AuditEvent[]>;
  getState(caseId: string): Promise<StoredCaseState | undefined>;
  /** Newest-updated first. Index reads are eventually consistent on AWS: a just-moved case may lag. */
  listByStatus(status: string, limit: number, cursor?: string): Promise<Page<StoredCaseState>>;
  /** Ids of the cases whose last change is at or after `since`, sorted (the status index, never a scan). */
  changedSince(since: string): Promise<string[]>;
}

const STATUS_INDEX_KEYS = ["pk", "sk", "gsi1pk", "gsi1sk"] as const;

export function createCaseStore(deps: { client: DynamoDBDocumentClient; tableName: string }): CaseStore {
  const { client, tableName: TableName } = deps;

  async function getState(caseId: string): Promise<StoredCaseState | undefined> {
    const { Item } = await client.send(
      new GetCommand({ TableName, Key: stateKey(caseId), ConsistentRead: true }),
    );
    return Item ? parseStateItem(Item) : undefined;
  }

  async function appendEvents(
    caseId: string,
    expectedVersion: number,
    drafts: readonly EventDraft[],
    next: NextState,
    extra: readonly TransactItem[] = [],
    known?: KnownHead,
  ): Promise<AppendResult> {
    if (!Number.isSafeInteger(expectedVersion) || expectedVersion < 0) {
      throw new CodedError("BAD_EXPECTED_VERSION", `expected version must be a non-negative integer`);
    }
    if (drafts.length === 0) throw new CodedError("NO_EVENTS", "an append must record at least one event");
    if (drafts.length + 1 + extra.length > MAX_TRANSACT_ITEMS) {
      throw new CodedError(
        "TOO_MANY_TRANSACT_ITEMS",
        `append exceeds ${MAX_TRANSACT_ITEMS} transaction items`,
      );
    }

    // The chain head lives on STATE; reading it here spares callers from carrying hashes around, unless
    // they have just read the events (`known`). Either way the version condition below guards the write
    // if someone appended since.
    let head: ChainHead = genesisHead(caseId);
    let createdAt: string | undefined;
    if (expectedVersion > 0 && known) {
      head = { caseId, seq: expectedVersion, hash: known.hash };
      createdAt = known.createdAt;
    } else if (expectedVersion > 0) {
      const current = await getState(caseId);
      if (!current || current.version !== expectedVersion)
        return { ok: false, reason: "CONFLICT", failedExtras: [] };
      head = { caseId, seq: current.version, hash: current.headHash };
      createdAt = current.createdAt;
    }

    const events = chainEvents(head, drafts);
    const last = events[events.length - 1];
    const first = events[0];
    if (!last || !first) throw new CodedError("NO_EVENTS", "an append must record at least one event");
    const state: StoredCaseState = {
      caseId,
      status: next.status,
      version: last.seq,
      createdAt: createdAt ?? first.at,
      updatedAt: last.at,
      headHash: last.hash,
      projection: next.projection,
    };

    const stateCondition =
      expectedVersion === 0
        ? { ConditionExpression: "attribute_not_exists(pk)" }
        : {
            ConditionExpression: "version = :expected",
            ExpressionAttributeValues: { ":expected": expectedVersion },
          };
    const items: TransactItem[] = [
      ...events.map((e) => ({
        Put: { TableName, Item: eventItem(e), ConditionExpression: "attribute_not_exists(sk)" },
      })),
      { Put: { TableName, Item: stateItem(state), ...stateCondition } },
      ...extra,
    ];

    try {
      await client.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      const conflict = transactionConflict(error);
      if (!conflict) throw error;
      const firstExtra = events.length + 1;
      return {
        ok: false,
        reason: "CONFLICT",
        failedExtras: conflict.conditionFailed.filter((i) => i >= firstExtra).map((i) => i - firstExtra),
      };
    }
    return { ok: true, events, state };
  }

  async function readEvents(caseId: string): Promise<AuditEvent[]> {
    const items = await queryAll(client, {
      TableName,
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :evt)",
      ExpressionAttributeValues: { ":pk": casePk(caseId), ":evt": EVENT_SK_PREFIX },
      ConsistentRead: true,
      ScanIndexForward: true,
    });
    return items.map(parseEventItem);
  }

  async function listByStatus(
    status: string,
    limit: number,
    cursor?: string,
  ): Promise<Page<StoredCaseState>> {
    const startKey = cursor === undefined ? undefined : decodeCursor(cursor, STATUS_INDEX_KEYS);
    if (cursor !== undefined && !startKey) return { ok: false, reason: "BAD_CURSOR" };
    const page = await client.send(
      new QueryCommand({
        TableName,
        IndexName: GSI_BY_STATUS,
        KeyConditionExpression: "gsi1pk = :pk",
        ExpressionAttributeValues: { ":pk": statusIndexPk(status) },
        ScanIndexForward: false,
        Limit: clampLimit(limit),
        ExclusiveStartKey: startKey,
      }),
    );
    return {
      ok: true,
      items: (page.Items ?? []).map(parseStateItem),
      cursor: encodeCursor(page.LastEvaluatedKey),
    };
  }

  async function changedSince(since: string): Promise<string[]> {
    const ids = new Set<string>();
    for (const status of CASE_STATUSES) {
      const items = await queryAll(client, {
        TableName,
        IndexName: GSI_BY_STATUS,
        KeyConditionExpression: "gsi1pk = :pk AND gsi1sk >= :since",
        ExpressionAttributeValues: { ":pk": statusIndexPk(status), ":since": since },
        ProjectionExpression: "caseId",
      });
      for (const item of items) if (typeof item.caseId === "string") ids.add(item.caseId);
    }
    return [...ids].sort();
  }

  return { appendEvents, readEvents, getState, listByStatus, changedSince };
}
