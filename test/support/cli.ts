import { spawnSync } from "node:child_process";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..", "..");

/** Runs one of the repo's CLI scripts (as `npm run` does, through tsx) and collects what it printed. */
export function runCli(script: string, args: string[], stdin?: string) {
  const r = spawnSync(process.execPath, ["--import", "tsx", script, ...args], {
    cwd: ROOT,
    input: stdin,
    encoding: "utf8",
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
