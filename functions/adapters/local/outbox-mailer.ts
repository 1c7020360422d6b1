import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { MailerPort } from "../../app/ports";
import { sendableMail } from "../sendable-mail";
import { createMessageIdFactory } from "./message-id";
import { fromOutboxItem, OUTBOX_PK, type StoredMessage, toOutboxItem } from "./outbox-table";

export interface OutboxDeps {
  client: DynamoDBDocumentClient;
  tableName: string;
  now?: () => Date;
  newId?: () => string;
}

/**
 * Port `mailer` in the embedded runtime: it delivers nothing and keeps every mail in DynamoDB Local, so the
 * outbox page, the demo and the tests of any process see the same mails, across restarts.
 */
export function createOutboxMailer({
  client,
  tableName,
  now = () => new Date(),
  newId,
}: OutboxDeps): MailerPort {
  const nextId = newId ?? createMessageIdFactory(() => now().getTime());
  return {
    async send(composed) {
      const msg = sendableMail(composed);
      const message: StoredMessage = {
        id: nextId(),
        at: now().toISOString(),
        to: [...msg.to],
        subject: msg.subject,
        text: msg.text,
        html: msg.html,
        ...(msg.tags ? { tags: { ...msg.tags } } : {}),
      };
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: toOutboxItem(message),
          // An id collision must fail loudly rather than silently replace an earlier mail.
          ConditionExpression: "attribute_not_exists(sk)",
        }),
      );
      return { messageId: message.id };
    },
  };
}

/**
 * Newest first, at most `limit` mails; or, given `sinceId`, the mails from that id on, oldest first
 * (a poller reads only what is new, and a limit cuts the newest, which its next read picks up).
 */
export async function listOutbox(
  client: DynamoDBDocumentClient,
  tableName: string,
  limit = 200,
  sinceId?: string,
): Promise<StoredMessage[]> {
  const messages: StoredMessage[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: sinceId === undefined ? "pk = :pk" : "pk = :pk AND sk >= :since",
        ExpressionAttributeValues: {
          ":pk": OUTBOX_PK,
          ...(sinceId === undefined ? {} : { ":since": sinceId }),
        },
        ScanIndexForward: sinceId !== undefined,
        Limit: limit - messages.length,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) messages.push(fromOutboxItem(item));
    startKey = page.LastEvaluatedKey;
  } while (startKey && messages.length < limit);
  return messages;
}
