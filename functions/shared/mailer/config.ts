import { z } from "zod";
import { MailerError } from "./mailer";
import { DEFAULT_OUTBOX_TABLE } from "./outbox-table";

/**
 * No default for MAILER: a deployed function that silently wrote to an outbox nobody reads would
 * lose every approval mail, so the choice is always explicit.
 */
const mailerConfig = z.discriminatedUnion("MAILER", [
  z.object({
    MAILER: z.literal("ses"),
    MAIL_FROM: z.email(),
    SES_CONFIGURATION_SET: z.string().min(1).optional(),
  }),
  z.object({
    MAILER: z.literal("outbox"),
    OUTBOX_TABLE: z.string().min(1).default(DEFAULT_OUTBOX_TABLE),
  }),
]);

export type MailerConfig = z.infer<typeof mailerConfig>;

export function readMailerConfig(env: NodeJS.ProcessEnv = process.env): MailerConfig {
  const parsed = mailerConfig.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((i) => `${i.path.join(".") || "MAILER"}: ${i.message}`)
      .join("; ");
    throw new MailerError(
      "MAILER_CONFIG_INVALID",
      `mailer configuration is invalid (MAILER=ses|outbox): ${problems}`,
    );
  }
  return parsed.data;
}
