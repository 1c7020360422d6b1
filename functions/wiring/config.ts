import { CodedError } from "../../domain/errors";
import type * as z from "../../domain/zod";
import { TABLE_NAME_ENV } from "../adapters/aws/table";

/**
 * The composition root's configuration: each wiring module reads the variables of its own port, once,
 * at load (a handler builds its ports at module level), so a misconfigured function fails its cold
 * start naming the variable, never in the middle of a request. infra/aws/ports.ts sets exactly these
 * per port; the embedded runtime sets them all (infra/local/stack.ts).
 */
export const ENV = {
  tableName: TABLE_NAME_ENV,
  stateMachineArn: "STATE_MACHINE_ARN",
  publicBaseUrl: "PUBLIC_BASE_URL",
  linkGraceSeconds: "LINK_GRACE_SECONDS",
  linkSigningKey: "LINK_SIGNING_KEY",
  linkSigningSecretArn: "LINK_SIGNING_SECRET_ARN",
  directoryFile: "DIRECTORY_FILE",
  mailer: "MAILER",
  mailFrom: "MAIL_FROM",
  sesConfigurationSet: "SES_CONFIGURATION_SET",
  outboxTable: "OUTBOX_TABLE",
  digestBucket: "DIGEST_BUCKET",
  digestDir: "DIGEST_DIR",
  routeMethods: "ROUTE_METHODS",
  recoveryStuckAfterSeconds: "RECOVERY_STUCK_AFTER_SECONDS",
  /** Optional: the length of a policy day on new credits' clocks; only the embedded runtime's time scale sets it. */
  monitoringSecondsPerDay: "MONITORING_SECONDS_PER_DAY",
  eventBusName: "EVENT_BUS_NAME",
  documentBucket: "DOCUMENT_BUCKET",
  documentDir: "DOCUMENT_DIR",
  documentMaxBytes: "DOCUMENT_MAX_BYTES",
  /** Optional: a portfolio plan file that becomes the default plan (docs/portfolio.md). */
  portfolioFile: "PORTFOLIO_FILE",
} as const;

/** The environment through `schema`, or a coded error listing every problem by variable. */
export function readEnv<T>(
  schema: z.ZodMiniType<T>,
  what: string,
  env: NodeJS.ProcessEnv = process.env,
  code = "CONFIG_INVALID",
): T {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || what}: ${i.message}`).join("; ");
    throw new CodedError(code, `${what} configuration is invalid: ${problems}`);
  }
  return parsed.data;
}
