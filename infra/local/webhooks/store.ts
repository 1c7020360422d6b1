import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { DomainEventType } from "../../../domain/events/domain-events";
import { keyValueTableDefinition } from "../../../functions/adapters/aws/table";

/**
 * The webhook dispatcher's own table in DynamoDB Local, beside the outbox: per webhook and case the
 * last trail seq delivered (the cursor, so a restart goes on where it stopped), per webhook the
 * instant from which changed cases are looked at, and the delivery log behind GET /events.
 *
 *   HOOK#<name> / CURSOR#<caseId>   { seq }
 *   HOOK#<name> / WATERMARK          { since }
 *   LOG         / <at>#<n>           one delivery attempt
 */
export const WEBHOOK_TABLE = "local-webhooks";
export const webhookTableDefinition = keyValueTableDefinition;

export interface DeliveryAttempt {
  at: string;
  webhook: string;
  eventId: string;
  type: DomainEventType;
  caseId: string;
  seq: number;
  attempt: number;
  outcome: "DELIVERED" | "FAILED";
  /** The receiver's HTTP status, when it answered. */
  httpStatus?: number;
  /** Why it failed (connection refused, timeout, a non-2xx status). */
  error?: string;
  /** When the next attempt is due, for a failure. */
  retryAt?: string;
}

const hookPk = (name: string) => `HOOK#${name}`;
const LOG_PK = "LOG";

export function createWebhookStore(client: DynamoDBDocumentClient, TableName: string) {
  let written = 0;
  return {
    async cursor(webhook: string, caseId: string): Promise<number> {
      const { Item } = await client.send(
        new GetCommand({
          TableName,
          Key: { pk: hookPk(webhook), sk: `CURSOR#${caseId}` },
          ConsistentRead: true,
        }),
      );
      return typeof Item?.seq === "number" ? Item.seq : 0;
    },
    /** Only ever forward: a slower writer cannot move a cursor back and cause a redelivery. */
    async advance(webhook: string, caseId: string, seq: number): Promise<void> {
      await client
        .send(
          new PutCommand({
            TableName,
            Item: { pk: hookPk(webhook), sk: `CURSOR#${caseId}`, seq },
            ConditionExpression: "attribute_not_exists(pk) OR seq < :seq",
            ExpressionAttributeValues: { ":seq": seq },
          }),
        )
        .catch((e: unknown) => {
          if ((e as Error).name !== "ConditionalCheckFailedException") throw e;
        });
    },
    async watermark(webhook: string): Promise<string> {
      const { Item } = await client.send(
        new GetCommand({ TableName, Key: { pk: hookPk(webhook), sk: "WATERMARK" }, ConsistentRead: true }),
      );
      // Before any case: the status index refuses an empty sort key.
      return typeof Item?.since === "string" ? Item.since : "1970-01-01T00:00:00.000Z";
    },
    async setWatermark(webhook: string, since: string): Promise<void> {
      await client.send(new PutCommand({ TableName, Item: { pk: hookPk(webhook), sk: "WATERMARK", since } }));
    },
    async log(entry: DeliveryAttempt): Promise<void> {
      const sk = `${entry.at}#${String(++written).padStart(8, "0")}#${entry.webhook}`;
      await client.send(new PutCommand({ TableName, Item: { pk: LOG_PK, sk, ...entry } }));
    },
    /** Newest first. */
    async recent(limit: number): Promise<DeliveryAttempt[]> {
      const { Items } = await client.send(
        new QueryCommand({
          TableName,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": LOG_PK },
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      return (Items ?? []).map(({ pk: _pk, sk: _sk, ...entry }) => entry as DeliveryAttempt);
    },
  };
}

export type WebhookStore = ReturnType<typeof createWebhookStore>;
