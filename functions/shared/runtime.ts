import { randomUUID } from "node:crypto";
import { z } from "zod";
import { createCaseStore } from "./case-store";
import { loadDirectoryFile } from "./directory-file";
import { createDocumentClient } from "./dynamo-client";
import { createMailerFromEnv } from "./mailer/from-env";
import { loadSigningKey } from "./signing-key";
import { ConfigError } from "./store-errors";
import { createCaseRepo } from "./workflow/case-repo-dynamo";
import { createSfnEngine } from "./workflow/engine-sfn";
import type { WorkflowDeps } from "./workflow/ports";

/** Read and checked once per cold start: a misconfigured function fails at load, not mid-request. */
const configSchema = z.object({
  TABLE_NAME: z.string().min(1),
  STATE_MACHINE_ARN: z.string().startsWith("arn:"),
  PUBLIC_BASE_URL: z.url(),
  /** Links stay valid this long past the stage's SLA, so a reassigned approver's old link fails on status, not time. */
  LINK_GRACE_SECONDS: z.coerce.number().int().nonnegative().default(86_400),
  /** Users, roles and e-mails per branch (docs/architecture.md: the directory is data). */
  DIRECTORY_FILE: z.string().min(1),
});

export type RuntimeConfig = z.infer<typeof configSchema>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`function configuration is invalid: ${problems}`);
  }
  return parsed.data;
}

let built: Promise<WorkflowDeps> | undefined;

/**
 * The workflow's dependencies for this process, built once: SDK clients are created here and
 * reused by every invocation (never per call). Endpoints come from the standard AWS_ENDPOINT_URL_*
 * variables, which is all that differs between AWS and the embedded runtime.
 */
export function runtime(): Promise<WorkflowDeps> {
  built ??= build(readConfig());
  return built;
}

/**
 * Only the functions that sign or verify links are given the key (least privilege): the others never
 * load it, and asking for it there is a bug reported by name instead of signing with nothing.
 */
async function signingKeyIfConfigured(env: NodeJS.ProcessEnv = process.env): Promise<() => Buffer> {
  if (env.LINK_SIGNING_KEY || env.LINK_SIGNING_SECRET_ARN) {
    const key = await loadSigningKey();
    return () => key;
  }
  return () => {
    throw new ConfigError("SIGNING_KEY_NOT_GRANTED", "this function was not given the link-signing key");
  };
}

async function build(config: RuntimeConfig): Promise<WorkflowDeps> {
  const client = createDocumentClient();
  const now = () => new Date();
  const store = createCaseStore({ client, tableName: config.TABLE_NAME });
  const repo = createCaseRepo({ store, client, tableName: config.TABLE_NAME, now });
  return {
    cases: repo,
    approvals: repo,
    directory: loadDirectoryFile(config.DIRECTORY_FILE),
    mailer: createMailerFromEnv(),
    engine: createSfnEngine(config.STATE_MACHINE_ARN),
    links: {
      signingKey: await signingKeyIfConfigured(),
      publicBaseUrl: config.PUBLIC_BASE_URL.replace(/\/+$/, ""),
      graceSeconds: config.LINK_GRACE_SECONDS,
    },
    now,
    newId: (prefix) => `${prefix}-${randomUUID()}`,
  };
}
