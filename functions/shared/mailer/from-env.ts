import { SESv2Client } from "@aws-sdk/client-sesv2";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { createDocumentClient } from "../dynamo-client";
import { readMailerConfig } from "./config";
import type { Mailer } from "./mailer";
import { createOutboxMailer } from "./outbox";
import { createSesMailer } from "./ses";

export interface MailerClients {
  dynamo?: DynamoDBDocumentClient;
  ses?: SESv2Client;
}

/**
 * SES on AWS, the outbox table locally, chosen by MAILER. Call once per cold start. Clients not
 * passed in are built from the standard SDK environment (AWS_REGION, AWS_ENDPOINT_URL_DYNAMODB…),
 * which is what points the outbox at DynamoDB Local.
 */
export function createMailerFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  clients: MailerClients = {},
): Mailer {
  const config = readMailerConfig(env);
  if (config.MAILER === "ses") {
    return createSesMailer({
      client: clients.ses ?? new SESv2Client({}),
      from: config.MAIL_FROM,
      configurationSet: config.SES_CONFIGURATION_SET,
    });
  }
  return createOutboxMailer({
    client: clients.dynamo ?? createDocumentClient(),
    tableName: config.OUTBOX_TABLE,
  });
}
