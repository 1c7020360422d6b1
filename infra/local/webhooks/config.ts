import { CodedError } from "../../../domain/errors";
import * as z from "../../../domain/zod";

/**
 * Where the local runtime delivers domain events: a list of webhooks, each with the secret it signs
 * with. Configuration only (the WEBHOOKS variable, JSON), never the repository: a secret is the
 * integrator's. Checked at start, so a typo stops `npm start` naming the field.
 */
export const WEBHOOKS_ENV = "WEBHOOKS";

const webhookSchema = z.object({
  /** Names the webhook in the delivery log and keys its cursors: renaming it redelivers everything. */
  name: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "must be lower-case letters, digits and -")),
  url: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }),
  secret: z.string().check(z.minLength(16, "must be at least 16 characters")),
  /** The first retry's wait; each later one doubles it, up to retryMaxMs. */
  retryBaseMs: z._default(z.number().check(z.int(), z.positive()), 1000),
  retryMaxMs: z._default(z.number().check(z.int(), z.positive()), 60_000),
});

export type Webhook = z.infer<typeof webhookSchema>;
export type WebhookInput = z.input<typeof webhookSchema>;

const listSchema = z.array(webhookSchema);

export function parseWebhooks(value: unknown, source = WEBHOOKS_ENV): Webhook[] {
  const parsed = listSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((i) => `${i.path.join(".") || "(list)"}: ${i.message}`)
      .join("; ");
    throw new CodedError("WEBHOOKS_INVALID", `${source} is invalid: ${problems}`);
  }
  const names = parsed.data.map((w) => w.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice)
    throw new CodedError("WEBHOOKS_INVALID", `${source} is invalid: the name ${twice} is used twice`);
  return parsed.data;
}

/** The webhooks of the environment: none when WEBHOOKS is unset. */
export function webhooksFromEnv(env: NodeJS.ProcessEnv = process.env): Webhook[] {
  const text = env[WEBHOOKS_ENV];
  if (text === undefined || text.trim() === "") return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CodedError("WEBHOOKS_INVALID", `${WEBHOOKS_ENV} is not JSON (a list of {name, url, secret})`);
  }
  return parseWebhooks(value);
}
