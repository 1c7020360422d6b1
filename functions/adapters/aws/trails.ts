import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { CaseTrail, TrailReader } from "../../app/ports";
import { parseStateItem, readEventItem } from "./case-items";
import { queryAll } from "./dynamo-client";
import { casePk, EVENT_SK_PREFIX, STATE_SK, seqOfEventSk } from "./table";

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
  };
}
