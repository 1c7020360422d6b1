import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { CASE_STATUSES, type StoredItem } from "../../../domain";
import { parseStateItem, readEventItem, type StoredCaseState } from "../case-items";
import { queryAll } from "../dynamo-client";
import { casePk, EVENT_SK_PREFIX, GSI_BY_STATUS, STATE_SK, seqOfEventSk, statusIndexPk } from "../table";

/** A case's partition as it is stored: every event item in key order, and its STATE item. */
export interface CaseTrail {
  caseId: string;
  items: StoredItem[];
  /** The STATE item, unless it is missing or unreadable (then `stateProblem` says which). */
  state: StoredCaseState | undefined;
  stateProblem?: string;
}

export interface TrailReader {
  /** Undefined when the case has no items at all. */
  readTrail(caseId: string): Promise<CaseTrail | undefined>;
  /** Ids of the cases whose last change is at or after `since` (the status index, never a scan). */
  casesChangedSince(since: string): Promise<string[]>;
}

/**
 * Reads trails for audit: one query per case, strongly consistent, item by item through a lenient
 * parse so that a tampered or malformed item is reported in its place instead of failing the read.
 */
export function createTrailReader(deps: { client: DynamoDBDocumentClient; tableName: string }): TrailReader {
  const { client, tableName: TableName } = deps;
  return {
    async readTrail(caseId) {
      const raw = await queryAll(client, {
        TableName,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": casePk(caseId) },
        ConsistentRead: true,
      });
      if (raw.length === 0) return undefined;
      const trail: CaseTrail = { caseId, items: [], state: undefined };
      for (const item of raw) {
        const sk = String(item.sk);
        if (sk === STATE_SK) {
          try {
            trail.state = parseStateItem(item);
          } catch (error) {
            trail.stateProblem = `the STATE item is unreadable: ${error instanceof Error ? error.message : String(error)}`;
          }
        } else if (sk.startsWith(EVENT_SK_PREFIX)) {
          const read = readEventItem(item);
          trail.items.push({
            key: sk,
            position: seqOfEventSk(sk),
            event: "event" in read ? read.event : null,
            ...("malformed" in read ? { malformed: read.malformed } : {}),
          });
        }
      }
      if (!trail.state && !trail.stateProblem) trail.stateProblem = "the case has no STATE item";
      return trail;
    },

    async casesChangedSince(since) {
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
    },
  };
}
