import { SESv2Client } from "@aws-sdk/client-sesv2";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import * as z from "../../domain/zod";
import { createSesMailer } from "../adapters/aws/ses-mailer";
import { createOutboxMailer } from "../adapters/local/outbox-mailer";
import { DEFAULT_OUTBOX_TABLE } from "../adapters/local/outbox-table";
import type { MailerPort } from "../app/ports";
import { ENV, readEnv } from "./config";
import { documentClient } from "./table";

export interface MailerClients {
  dynamo?: DynamoDBDocumentClient;
  ses?: SESv2Client;
}

const nonEmpty = z.string().check(z.minLength(1));

/**
 * No default for MAILER: a deployed function that silently wrote to an outbox nobody reads would
 * lose every approval mail, so the choice is always explicit.
 */
const mailerConfig = z.discriminatedUnion(ENV.mailer, [
  z.object({
    [ENV.mailer]: z.literal("ses"),
    [ENV.mailFrom]: z.email(),
    [ENV.sesConfigurationSet]: z.optional(nonEmpty),
  }),
  z.object({
    [ENV.mailer]: z.literal("outbox"),
    [ENV.outboxTable]: z._default(nonEmpty, DEFAULT_OUTBOX_TABLE),
  }),
]);

export type MailerConfig = z.infer<typeof mailerConfig>;

export function readMailerConfig(env: NodeJS.ProcessEnv = process.env): MailerConfig {
  return readEnv(mailerConfig, "mailer (MAILER=ses|outbox)", env, "MAILER_CONFIG_INVALID");
}

/**
 * Port `mailer`: SES on AWS, the outbox table locally (a few kilobytes of adapter over the document
 * client every mailing function has anyway), in the DynamoDB that AWS_ENDPOINT_URL_DYNAMODB names.
 */
export function mailer(env: NodeJS.ProcessEnv = process.env, clients: MailerClients = {}): MailerPort {
  const config = readMailerConfig(env);
  if (config.MAILER === "ses") {
    return createSesMailer({
      client: clients.ses ?? new SESv2Client({}),
      from: config.MAIL_FROM,
      configurationSet: config.SES_CONFIGURATION_SET,
    });
  }
  return createOutboxMailer({ client: clients.dynamo ?? documentClient(), tableName: config.OUTBOX_TABLE });
}
