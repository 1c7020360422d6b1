import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createCaseStore } from "../../functions/adapters/aws/case-store";
import { loadDirectoryFile } from "../../functions/adapters/aws/directory-file";
import { createDocumentClient } from "../../functions/adapters/aws/dynamo-client";
import { appTableDefinition, appTableTtl } from "../../functions/adapters/aws/table";
import { outboxTableDefinition } from "../../functions/adapters/local/outbox-table";
import {
  FUNCTIONS,
  ROUTE_METHODS_ENV,
  routeMethodsJson,
  routePaths,
  STATE_MACHINE_FILE,
  STATE_MACHINE_NAME,
  substitute,
} from "../catalog";
import { APP_TABLE, OUTBOX_TABLE, SFN_TABLE, type StackPorts } from "./defaults";
import { localAwsClientConfig, startDynamoDbLocal } from "./dynamodb-local";
import { startGateway } from "./gateway/server";
import type { Route } from "./gateway/types";
import { outboxRoutes } from "./outbox/routes";
import { freePort } from "./ports";
import { type ScheduledJob, startScheduledJobs } from "./scheduler";
import { LocalEngine, type LocalLambda } from "./sfn/engine";
import { startSfnServer } from "./sfn/server";
import { createSfnStore, sfnTableDefinition } from "./sfn/store";
import { signInRoutes } from "./signin/routes";
import { ensureTables } from "./tables";
import { parseWebhooks, type WebhookInput, webhooksFromEnv } from "./webhooks/config";
import { startWebhookDispatcher } from "./webhooks/dispatcher";
import { webhookRoutes } from "./webhooks/routes";
import { createWebhookStore, WEBHOOK_TABLE, webhookTableDefinition } from "./webhooks/store";

/**
 * The embedded runtime: DynamoDB Local, the local Step Functions endpoint running the very same ASL,
 * the HTTP gateway in front of the very same handlers, and the mail outbox. Handlers reach the
 * emulators through the standard AWS_ENDPOINT_URL_* variables and real SDK clients.
 */

const ROOT = resolve(import.meta.dirname, "..", "..");

export interface StackOptions {
  /** Keep data here across restarts; omitted with inMemory for throw-away runs. */
  dataDir?: string;
  inMemory?: boolean;
  /** 3600 makes an hour of SLA pass in a second. */
  timeScale?: number;
  ports?: StackPorts;
  /** DynamoDB Local died and could not be restarted on its data (see dynamodb-local.ts). */
  onFatal?: (error: Error) => void;
  /**
   * Wraps each catalog handler as it is loaded, for a tool that observes invocations (bench:load
   * times them); without it the handlers are mounted as they are.
   */
  wrapHandler?: (name: string, handler: LocalLambda) => LocalLambda;
  /** Where domain events are delivered; the WEBHOOKS variable (JSON) when omitted. */
  webhooks?: WebhookInput[];
  /** How often the webhook dispatcher looks for new trail events (500 ms when omitted). */
  webhookPollMs?: number;
}

export interface LocalStack {
  url: string;
  sfnEndpoint: string;
  dynamoEndpoint: string;
  stateMachineArn: string;
  signingKey: Buffer;
  /** Where the daily audit digests are written (under the data directory, or a temporary folder). */
  digestDir: string;
  stop(): Promise<void>;
}

export async function freePorts(): Promise<StackPorts> {
  return { gateway: await freePort(), sfn: await freePort(), dynamo: await freePort() };
}

/**
 * Links and sessions must keep working across restarts, so a persistent run generates its secret once
 * into its data directory (never the repository); the environment variable, when set, wins.
 */
function secretFor(dataDir: string | undefined, envName: string, fileName: string): string {
  const given = process.env[envName];
  if (given) return given;
  if (!dataDir) return randomBytes(48).toString("base64url");
  const file = join(dataDir, fileName);
  if (!existsSync(file)) writeFileSync(file, randomBytes(48).toString("base64url"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

const signingKeyFor = (dataDir: string | undefined) =>
  secretFor(dataDir, "LINK_SIGNING_KEY", "link-signing-key");

export async function startStack(options: StackOptions = {}): Promise<LocalStack> {
  const ports = options.ports ?? (await freePorts());
  const timeScale = options.timeScale ?? 1;
  // Checked before anything starts: a typo in WEBHOOKS stops the runtime naming the field.
  const webhooks = options.webhooks ? parseWebhooks(options.webhooks, "webhooks") : webhooksFromEnv();
  const dataDir = options.inMemory ? undefined : resolve(options.dataDir ?? join(ROOT, ".data"));
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // The local stand-in for the Object Lock bucket; an in-memory run's digests go with it.
  const digestDir = dataDir ? join(dataDir, "digests") : mkdtempSync(join(tmpdir(), "credit-digests-"));
  // Attached documents (the local stand-in for the document bucket), kept or thrown away the same way.
  const documentDir = dataDir ? join(dataDir, "documents") : mkdtempSync(join(tmpdir(), "credit-documents-"));

  const dynamo = await startDynamoDbLocal({
    port: ports.dynamo,
    ...(dataDir ? { dataDir: join(dataDir, "dynamodb") } : {}),
    ...(options.onFatal ? { onFatal: options.onFatal } : {}),
  });
  const stops: (() => Promise<void>)[] = [
    async () => {
      if (!dataDir) rmSync(digestDir, { recursive: true, force: true });
      if (!dataDir) rmSync(documentDir, { recursive: true, force: true });
    },
    dynamo.stop,
  ];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  try {
    const gatewayUrl = `http://127.0.0.1:${ports.gateway}`;
    const sfnEndpoint = `http://127.0.0.1:${ports.sfn}`;
    const stateMachineArn = `arn:aws:states:us-east-1:000000000000:stateMachine:${STATE_MACHINE_NAME}`;
    const signingKey = signingKeyFor(dataDir);
    Object.assign(process.env, {
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "local",
      AWS_SECRET_ACCESS_KEY: "local",
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_SFN: sfnEndpoint,
      TABLE_NAME: APP_TABLE,
      STATE_MACHINE_ARN: stateMachineArn,
      PUBLIC_BASE_URL: gatewayUrl,
      LINK_SIGNING_KEY: signingKey,
      DIRECTORY_FILE: process.env.DIRECTORY_FILE ?? join(ROOT, "infra", "local", "directory.json"),
      MAILER: "outbox",
      OUTBOX_TABLE,
      DIGEST_DIR: digestDir,
      DOCUMENT_DIR: documentDir,
      [ROUTE_METHODS_ENV]: routeMethodsJson(),
      // Monitoring's 30/45/90-day clocks run on the same time scale as the approval SLAs.
      MONITORING_SECONDS_PER_DAY: String(86400 / timeScale),
    });

    const raw = new DynamoDBClient(localAwsClientConfig(dynamo.endpoint));
    await ensureTables(raw, [
      { definition: appTableDefinition(APP_TABLE), ttl: appTableTtl(APP_TABLE) },
      { definition: outboxTableDefinition(OUTBOX_TABLE) },
      { definition: sfnTableDefinition(SFN_TABLE) },
      { definition: webhookTableDefinition(WEBHOOK_TABLE) },
    ]);
    raw.destroy();

    // Handlers are imported only now: they read and check their configuration at load, as on a cold start.
    const lambdas: Record<string, LocalLambda> = {};
    const routes: Route[] = [];
    const scheduledJobs: ScheduledJob[] = [];
    for (const f of FUNCTIONS) {
      // No stream here (and no bus to publish on): the webhook dispatcher below reads the trail itself.
      if (f.kind === "stream") continue;
      const mod = (await import(join(ROOT, f.entry))) as { handler: LocalLambda };
      const handler = options.wrapHandler ? options.wrapHandler(f.name, mod.handler) : mod.handler;
      if (f.kind === "step") lambdas[f.name] = handler;
      else if (f.kind === "schedule") scheduledJobs.push({ name: f.name, schedule: f, handler });
      else if (f.kind === "method-fallback")
        for (const p of routePaths())
          routes.push({
            method: "ANY",
            path: p.path,
            name: f.name,
            auth: p.auth === "jwt" ? "jwt" : "none",
            handler: handler as Route["handler"],
          } as Route);
      else
        routes.push({
          method: f.route.method,
          path: f.route.path,
          name: f.name,
          auth: f.route.auth === "jwt" ? "jwt" : "none",
          handler: handler as Route["handler"],
        } as Route);
    }

    const store = createSfnStore(createDocumentClient(localAwsClientConfig(dynamo.endpoint)), SFN_TABLE);
    const engine = new LocalEngine(store, lambdas, timeScale);
    const arns = Object.fromEntries(
      FUNCTIONS.flatMap((f) =>
        f.kind === "step"
          ? [[f.substitution, `arn:aws:lambda:us-east-1:000000000000:function:${f.name}`]]
          : [],
      ),
    );
    await engine.createStateMachine(
      STATE_MACHINE_NAME,
      substitute(readFileSync(join(ROOT, STATE_MACHINE_FILE), "utf8"), arns),
      "arn:aws:iam::000000000000:role/local",
    );
    const sfn = await startSfnServer(engine, ports.sfn);
    stops.push(sfn.stop);
    stops.push(() => engine.stop());
    await engine.load();

    const localClient = createDocumentClient(localAwsClientConfig(dynamo.endpoint));
    const webhookLog = createWebhookStore(localClient, WEBHOOK_TABLE);
    const sessionSecret = secretFor(dataDir, "SESSION_SECRET", "session-secret");
    const gateway = await startGateway({
      port: ports.gateway,
      routes,
      extraRoutes: [
        ...outboxRoutes({ client: localClient, tableName: OUTBOX_TABLE }),
        ...webhookRoutes({ log: webhookLog, directory: loadDirectoryFile(process.env.DIRECTORY_FILE ?? "") }),
        ...signInRoutes({ directory: loadDirectoryFile(process.env.DIRECTORY_FILE ?? ""), sessionSecret }),
      ],
      sessionSecret,
    });
    stops.push(gateway.stop);
    const dispatcher = startWebhookDispatcher({
      store: createCaseStore({ client: localClient, tableName: APP_TABLE }),
      log: webhookLog,
      webhooks,
      ...(options.webhookPollMs ? { pollMs: options.webhookPollMs } : {}),
      onError: (e) => console.error("webhook dispatcher:", e instanceof Error ? e.message : e),
    });
    stops.push(dispatcher.stop);
    // Also the reconciler, once now: whatever a crash left stuck is repaired as the runtime comes up.
    const scheduled = await startScheduledJobs(scheduledJobs);
    stops.push(scheduled.stop);
    return {
      url: gateway.url,
      sfnEndpoint,
      dynamoEndpoint: dynamo.endpoint,
      stateMachineArn,
      signingKey: Buffer.from(signingKey, "utf8"),
      digestDir,
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
