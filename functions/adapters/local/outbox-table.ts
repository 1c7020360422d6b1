import type { CreateTableCommandInput } from "@aws-sdk/client-dynamodb";
import { CodedError } from "../../../domain/errors";
import * as z from "../../../domain/zod";
import { keyValueTableDefinition } from "../aws/table";

/**
 * The local outbox: every mail in one partition, sorted by a time-ordered id, so "newest first" is
 * one descending Query. Local use only — a single partition would be a hot key at bank scale.
 */
export const OUTBOX_PK = "OUTBOX";
export const DEFAULT_OUTBOX_TABLE = "local-outbox";

export function outboxTableDefinition(tableName: string = DEFAULT_OUTBOX_TABLE): CreateTableCommandInput {
  return keyValueTableDefinition(tableName);
}

const storedMessage = z.object({
  id: z.string().check(z.minLength(1)),
  at: z.string().check(z.minLength(1)),
  to: z.array(z.string()),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  tags: z.optional(z.record(z.string(), z.string())),
});

/** A mail as the outbox kept it. */
export type StoredMessage = z.infer<typeof storedMessage>;

export function toOutboxItem(message: StoredMessage): Record<string, unknown> {
  return { pk: OUTBOX_PK, sk: message.id, ...message };
}

/** Items are checked on the way out: the outbox pages and tests must not trip over a half-written mail. */
export function fromOutboxItem(item: Record<string, unknown>): StoredMessage {
  const parsed = storedMessage.safeParse(item);
  if (!parsed.success) {
    throw new CodedError(
      "OUTBOX_ITEM_INVALID",
      `outbox item ${String(item.sk)} is malformed: ${parsed.error.message}`,
    );
  }
  return parsed.data;
}
