import { execFile, spawnSync } from "node:child_process";
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

/** The same without blocking, so several commands can run side by side. */
export function runCliAsync(
  script: string,
  args: string[],
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((done) => {
    execFile(process.execPath, ["--import", "tsx", script, ...args], { cwd: ROOT }, (error, out, err) => {
      const code = error ? (typeof error.code === "number" ? error.code : null) : 0;
      done({ code, out, err });
    });
  });
}
