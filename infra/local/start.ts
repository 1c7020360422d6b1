import { createServer } from "node:net";
import { resolve } from "node:path";
import { z } from "zod";
import { CodedError } from "../../domain/errors";
import { DEFAULT_PORTS } from "./defaults";
import { describePortHolder } from "./listeners";
import { installReadableLogs, logFormatFor, powertoolsEnvironment } from "./log-format";
import { type LocalStack, startStack } from "./stack";

/**
 * `npm start`: the whole product on one machine — DynamoDB Local (Java) for the data, the local
 * Step Functions endpoint, the gateway in front of the very same Lambda handlers, the mail outbox.
 * The composition lives in stack.ts, shared with the end-to-end tests, so what they exercise is
 * what a person starts here. Ctrl-C stops everything it started and exits 0.
 */

const flag = z
  .enum(["1", "0", "true", "false", ""])
  .optional()
  .transform((v) => v === "1" || v === "true");
const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);

const configSchema = z.object({
  PORT: port(DEFAULT_PORTS.gateway),
  SFN_PORT: port(DEFAULT_PORTS.sfn),
  DYNAMODB_PORT: port(DEFAULT_PORTS.dynamo),
  /** Root of everything the runtime persists; DynamoDB Local keeps its files in `<DATA_DIR>/dynamodb`. */
  DATA_DIR: z.string().min(1).default(".data"),
  IN_MEMORY: flag,
  /** 3600 makes an hour of approval SLA pass in a second, for demos. */
  TIME_SCALE: z.coerce.number().positive().default(1),
  /** How the functions' log lines are printed: readable (default on a terminal) or JSON (default otherwise). */
  LOG_FORMAT: z.enum(["pretty", "json"]).optional(),
});

class PortInUseError extends CodedError {
  override readonly name = "PortInUseError";
  constructor(message: string) {
    super("PORT_IN_USE", message);
  }
}

function readConfig() {
  const parsed = configSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n  ");
    console.error(`npm start: invalid configuration\n  ${problems}`);
    process.exit(1);
  }
  return { ...parsed.data, IN_MEMORY: parsed.data.IN_MEMORY || process.argv.includes("--in-memory") };
}

const config = readConfig();

// The functions' log lines: readable on a terminal, JSON otherwise (LOG_FORMAT=json|pretty to choose).
// Set before the stack loads any handler: Powertools reads its environment when a handler is imported.
const logFormat = logFormatFor(process.env, process.stdout.isTTY === true);
Object.assign(process.env, powertoolsEnvironment(logFormat));
if (logFormat === "pretty") installReadableLogs(process.stdout.hasColors?.() === true);

/**
 * Checked before Java starts, naming the process that holds the port. (DynamoDB Local's own port is
 * checked where it starts, after a leftover of an earlier run has been stopped.)
 */
function assertPortFree(portNumber: number, what: string, envName: string): Promise<void> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once("error", (error: NodeJS.ErrnoException) => {
      const holder = error.code === "EADDRINUSE" ? describePortHolder(portNumber) : undefined;
      fail(
        error.code === "EADDRINUSE"
          ? new PortInUseError(
              `${what} port ${portNumber} is already in use${holder ? ` by ${holder}` : " (another `npm start`?)"}; stop that process or set ${envName}`,
            )
          : error,
      );
    });
    probe.listen(portNumber, "127.0.0.1", () => probe.close(() => done()));
  });
}

let stack: LocalStack | undefined;
let stopping = false;

async function shutdown(exitCode: number): Promise<never> {
  stopping = true;
  try {
    await stack?.stop();
  } catch (error) {
    console.error(`could not stop cleanly: ${String(error)}`);
  }
  process.exit(exitCode);
}

function onSignal(signal: NodeJS.Signals): void {
  if (stopping) {
    // A second Ctrl-C: stop waiting. Java ends with us either way (dynamodb-local.ts).
    console.error(`\n${signal} again: exiting now`);
    process.exit(1);
  }
  console.log(`\n${signal}: stopping…`);
  void shutdown(0);
}

async function main(): Promise<void> {
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  await assertPortFree(config.PORT, "gateway", "PORT");
  await assertPortFree(config.SFN_PORT, "Step Functions endpoint", "SFN_PORT");

  const dataDir = resolve(config.DATA_DIR);
  stack = await startStack({
    dataDir,
    inMemory: config.IN_MEMORY,
    timeScale: config.TIME_SCALE,
    ports: { gateway: config.PORT, sfn: config.SFN_PORT, dynamo: config.DYNAMODB_PORT },
    // Without its store the product can only fail: say why and exit non-zero rather than answer 503 forever.
    onFatal: (error) => {
      console.error(`npm start: ${error.message}`);
      void shutdown(1);
    },
  });
  if (stopping) return;

  console.log(
    [
      "",
      "SME credit approval — embedded runtime is up",
      `  API              ${stack.url}        (a browser signs in at /signin; scripts send X-User: <user id>)`,
      `  Mail outbox      ${stack.url}/outbox`,
      `  Step Functions   ${stack.sfnEndpoint}`,
      `  DynamoDB Local   ${stack.dynamoEndpoint}`,
      `  Data             ${config.IN_MEMORY ? "in memory (gone on exit)" : dataDir}`,
      `  Function logs    ${logFormat === "pretty" ? "readable (LOG_FORMAT=json prints the JSON lines)" : "JSON lines, as on AWS"}`,
      `  Audit digests    ${stack.digestDir}   (daily at 00:05 UTC; audit a case at ${stack.url}/cases/<id>/audit)`,
      ...(config.TIME_SCALE !== 1 ? [`  Time scale       ×${config.TIME_SCALE}`] : []),
      "",
      "Press Ctrl-C to stop.",
    ].join("\n"),
  );
}

main().catch(async (error: unknown) => {
  const known = error instanceof Error && "code" in error && typeof error.code === "string";
  console.error(known ? `npm start: ${error.message}` : error);
  await shutdown(1);
});
