import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { CodedError } from "../../domain/errors";
import { checkJava, LAUNCHER_CLASS, launcherArgs } from "./dynamodb-launcher";
import { commandLine, describePortHolder, isAlive } from "./listeners";
import { freePort } from "./ports";

export { checkJava, MissingJavaError } from "./dynamodb-launcher";

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  port?: number;
  /** Data directory; omitted, the data lives in memory and dies with the process. */
  dataDir?: string;
  /**
   * The emulator died and cannot be brought back (in memory its data died with it, or restarts keep
   * failing). The runtime decides what that means for it; `npm start` exits non-zero.
   */
  onFatal?: (error: Error) => void;
}

/** Credentials and region for clients of the local emulators: any values work, these are explicit. */
export function localAwsClientConfig(endpoint: string) {
  return { endpoint, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } };
}

export class DynamoDbLocalError extends CodedError {
  override readonly name = "DynamoDbLocalError";
  constructor(
    override readonly code: "PORT_IN_USE" | "NOT_READY" | "DIED",
    message: string,
  ) {
    super(code, message);
  }
}

/** Restarts allowed within RESTART_WINDOW_MS before an emulator that keeps dying is given up on. */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;
/** A health probe every HEALTH_EVERY_MS; HEALTH_FAILURES failures in a row (a hung JVM) restart it. */
const HEALTH_EVERY_MS = 5_000;
const HEALTH_TIMEOUT_MS = 5_000;
const HEALTH_FAILURES = 3;
/** JVM start-up on a busy two-core machine. */
const READY_TIMEOUT_MS = 60_000;

const PID_FILE = "dynamodb-local.pid";

function logLine(level: "info" | "error", message: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ level, message, source: "dynamodb-local", ...fields });
  if (level === "error") console.error(line);
  else console.log(line);
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** A belt to the stdin braces: a normal exit of ours (Ctrl-C, an error, a test runner) kills Java at once. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const child of running) child.kill("SIGKILL");
  });
}

async function waitGone(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (isAlive(pid)) {
    if (Date.now() > until) return false;
    await delay(50);
  }
  return true;
}

/**
 * A DynamoDB Local of an earlier run that outlived it (recorded in the data directory's pid file) is
 * stopped before we start on the same data and port. Only a process that is our launcher is touched.
 */
async function reclaimStale(pidFile: string): Promise<void> {
  if (!existsSync(pidFile)) return;
  const pid = Number(JSON.parse(readFileSync(pidFile, "utf8")).pid);
  rmSync(pidFile, { force: true });
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  if (!commandLine(pid)?.includes(LAUNCHER_CLASS)) return;
  logLine("info", "stopping DynamoDB Local left over from an earlier run", { pid });
  process.kill(pid, "SIGTERM");
  if (!(await waitGone(pid, 5_000))) {
    process.kill(pid, "SIGKILL");
    await waitGone(pid, 5_000);
  }
}

function assertPortFree(port: number): Promise<void> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EADDRINUSE") return fail(error);
      const holder = describePortHolder(port);
      fail(
        new DynamoDbLocalError(
          "PORT_IN_USE",
          `DynamoDB Local port ${port} is already in use${holder ? ` by ${holder}` : ""}; stop that process or set DYNAMODB_PORT`,
        ),
      );
    });
    probe.listen(port, "127.0.0.1", () => probe.close(() => done()));
  });
}

async function probe(endpoint: string, timeoutMs: number): Promise<boolean> {
  const client = new DynamoDBClient({ ...localAwsClientConfig(endpoint), maxAttempts: 1 });
  try {
    await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(timeoutMs) });
    return true;
  } catch {
    return false;
  } finally {
    client.destroy();
  }
}

async function ready(endpoint: string, child: ChildProcess, output: () => string): Promise<void> {
  const until = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new DynamoDbLocalError(
        "DIED",
        `DynamoDB Local exited (${child.exitCode ?? child.signalCode}) while starting: ${output()}`,
      );
    if (await probe(endpoint, 2_000)) return;
    await delay(100);
  }
  throw new DynamoDbLocalError("NOT_READY", `DynamoDB Local did not answer on ${endpoint}: ${output()}`);
}

/**
 * Starts DynamoDB Local on 127.0.0.1 and keeps it running: a Java that dies (or hangs) is restarted on
 * the same data directory and port, and one that cannot be restarted is reported through `onFatal`.
 * Java never outlives us: it exits when our end of its stdin closes, however we end.
 */
export async function startDynamoDbLocal(opts: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  checkJava();
  installExitHook();
  const port = opts.port || (await freePort());
  const endpoint = `http://127.0.0.1:${port}`;
  const pidFile = opts.dataDir ? join(opts.dataDir, PID_FILE) : undefined;
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  if (pidFile) await reclaimStale(pidFile);
  await assertPortFree(port);
  const args = launcherArgs({ port, ...(opts.dataDir ? { dataDir: opts.dataDir } : {}) });
  const onFatal = opts.onFatal ?? ((e: Error) => logLine("error", e.message));

  let child: ChildProcess | undefined;
  let log = "";
  let stopping = false;
  let restarting = false;
  const restarts: number[] = [];

  const launch = async (): Promise<void> => {
    log = "";
    // stdin is a pipe we never write to nor close: its end-of-file tells Java we are gone.
    const c = spawn("java", args, { stdio: ["pipe", "pipe", "pipe"] });
    child = c;
    running.add(c);
    const keep = (d: Buffer) => {
      log = (log + d.toString()).slice(-4000);
    };
    c.stdout?.on("data", keep);
    c.stderr?.on("data", keep);
    c.stdin?.on("error", () => undefined);
    c.once("exit", (code, signal) => {
      running.delete(c);
      if (!stopping && c === child) void recover(`exited (${signal ?? `code ${code}`})`, c.pid);
    });
    if (pidFile && c.pid) writeFileSync(pidFile, JSON.stringify({ pid: c.pid, port }));
    await ready(endpoint, c, () => log);
  };

  const recover = async (why: string, pid: number | undefined): Promise<void> => {
    if (restarting || stopping) return;
    restarting = true;
    try {
      if (!opts.dataDir) {
        onFatal(
          new DynamoDbLocalError(
            "DIED",
            `DynamoDB Local (pid ${pid}) ${why}; it ran in memory, so its data is gone`,
          ),
        );
        return;
      }
      for (;;) {
        const now = Date.now();
        while (restarts.length > 0 && now - (restarts[0] ?? 0) > RESTART_WINDOW_MS) restarts.shift();
        if (restarts.length >= MAX_RESTARTS) {
          onFatal(
            new DynamoDbLocalError(
              "DIED",
              `DynamoDB Local ${why} and did not stay up after ${MAX_RESTARTS} restarts within ${RESTART_WINDOW_MS / 1000} s: ${log}`,
            ),
          );
          return;
        }
        restarts.push(now);
        logLine("error", "DynamoDB Local stopped: restarting it on the same data", { pid, why, port });
        try {
          await launch();
          logLine("info", "DynamoDB Local is back", { pid: child?.pid, port });
          return;
        } catch (e) {
          why = `could not be restarted (${e instanceof Error ? e.message : String(e)})`;
          child?.kill("SIGKILL");
          if (stopping) return;
          await delay(1_000);
        }
      }
    } finally {
      restarting = false;
    }
  };

  const stopChild = async (c: ChildProcess): Promise<void> => {
    if (c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => c.once("exit", () => resolve()));
    c.stdin?.end();
    await Promise.race([exited, delay(5000).then(() => c.kill("SIGKILL"))]);
    await exited;
  };

  try {
    await launch();
  } catch (e) {
    stopping = true;
    if (child) await stopChild(child);
    if (pidFile) rmSync(pidFile, { force: true });
    throw e;
  }

  // A JVM that stops answering without exiting is killed; the exit handler above restarts it.
  let failures = 0;
  const health = setInterval(async () => {
    if (stopping || restarting) return;
    const current = child;
    if (!current) return;
    failures = (await probe(endpoint, HEALTH_TIMEOUT_MS)) ? 0 : failures + 1;
    if (failures >= HEALTH_FAILURES && current === child && !stopping && !restarting) {
      failures = 0;
      logLine("error", "DynamoDB Local stopped answering: killing it to restart it", { pid: current.pid });
      current.kill("SIGKILL");
    }
  }, HEALTH_EVERY_MS);
  health.unref();

  return {
    endpoint,
    port,
    async stop() {
      stopping = true;
      clearInterval(health);
      if (child) await stopChild(child);
      if (pidFile) rmSync(pidFile, { force: true });
    },
  };
}
