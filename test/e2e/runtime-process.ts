import { type ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";
import type { StackPorts } from "../../infra/local/defaults";
import { waitFor } from "../../infra/local/driver";
import { isAlive } from "../../infra/local/listeners";

const ROOT = resolve(import.meta.dirname, "..", "..");

/** `npm start` as its own process (one node process: tsx as a loader, not a wrapper), as a person runs it. */
export interface RuntimeProcess {
  child: ChildProcess;
  pid: number;
  url: string;
  output(): string;
  /** Ctrl-C, then whatever is left is killed. */
  stop(): Promise<void>;
}

export async function spawnRuntime(opts: {
  dataDir: string;
  ports: StackPorts;
  timeScale?: number;
  env?: Record<string, string>;
  /** How much of the output to keep, from its end (enough for the start-up banner by default). */
  keepBytes?: number;
}): Promise<RuntimeProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "infra/local/start.ts"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      PORT: String(opts.ports.gateway),
      SFN_PORT: String(opts.ports.sfn),
      DYNAMODB_PORT: String(opts.ports.dynamo),
      DATA_DIR: opts.dataDir,
      TIME_SCALE: String(opts.timeScale ?? 1),
      // The functions' own lines only from warnings up, unless a test reads them (test/e2e/logs.test.ts).
      POWERTOOLS_LOG_LEVEL: "WARN",
      ...opts.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  const keep = (d: Buffer) => {
    log = (log + d.toString()).slice(-(opts.keepBytes ?? 200_000));
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const pid = child.pid ?? 0;
  const url = `http://127.0.0.1:${opts.ports.gateway}`;
  await waitFor(
    "npm start to come up",
    async () => {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`npm start exited (${child.exitCode ?? child.signalCode}):\n${log}`);
      return log.includes("embedded runtime is up") ? true : undefined;
    },
    120_000,
  );
  return {
    child,
    pid,
    url,
    output: () => log,
    async stop() {
      if (isAlive(pid) && child.exitCode === null && child.signalCode === null) {
        child.kill("SIGINT");
        await Promise.race([
          exited,
          waitFor("npm start to stop", async () => (isAlive(pid) ? undefined : true), 30_000).catch(() =>
            child.kill("SIGKILL"),
          ),
        ]);
      }
      await exited;
    },
  };
}
