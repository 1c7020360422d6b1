import type { TransactItem } from "./dynamo-client";
import { applicationLockKey } from "./table";

/**
 * At most one open case per application id. The lock is a plain item written in the same transaction
 * as a case's first (take) or final (release) event, so a duplicate submission conflicts atomically
 * instead of racing a separate check.
 */

export function takeApplicationLockItem(
  tableName: string,
  applicationId: string,
  caseId: string,
  at: string,
): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: { ...applicationLockKey(applicationId), applicationId, caseId, open: true, since: at },
      ConditionExpression: "attribute_not_exists(pk) OR #open = :false",
      ExpressionAttributeNames: { "#open": "open" },
      ExpressionAttributeValues: { ":false": false },
    },
  };
}

/** Conditioned on the holder so a stale workflow cannot release a newer case's lock. */
export function releaseApplicationLockItem(
  tableName: string,
  applicationId: string,
  caseId: string,
  at: string,
): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: applicationLockKey(applicationId),
      UpdateExpression: "SET #open = :false, closedAt = :at",
      ConditionExpression: "caseId = :caseId AND #open = :true",
      ExpressionAttributeNames: { "#open": "open" },
      ExpressionAttributeValues: { ":false": false, ":true": true, ":caseId": caseId, ":at": at },
    },
  };
}
