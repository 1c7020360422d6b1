import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { freePort } from "../../infra/local/ports";

const ROOT = join(import.meta.dirname, "..", "..");

async function audit(args: string[], env: Record<string, string> = {}) {
  const clean = { ...process.env };
  delete clean.TABLE_NAME;
  return promisify(execFile)(join(ROOT, "node_modules", ".bin", "tsx"), ["infra/cli/audit.ts", ...args], {
    cwd: ROOT,
    env: { ...clean, ...env },
  }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );
}

describe("the audit CLI refuses what it cannot do, saying why", () => {
  it("prints its usage on --help and exits 0", async () => {
    for (const flag of ["--help", "-h"]) {
      const help = await audit([flag]);
      expect(help.code, flag).toBe(0);
      expect(help.stdout).toContain("usage: npm run --silent audit -- <command>");
      expect(help.stdout).toContain("replay CASE_ID");
      expect(help.stderr).toBe("");
    }
  });

  it.each<[string[], string]>([
    [[], "no command"],
    [["frobnicate"], "unknown command frobnicate"],
    [["erase", "CASE-1"], "unknown command erase"],
    [["verify"], "verify needs a CASE_ID"],
    [["export", "CASE-1", "--format", "pdf"], "--format must be one of json, csv, html"],
    [["replay", "CASE-1", "--seq", "x"], "--seq must be a whole number"],
    [["replay", "CASE-1", "--seq", "2", "--at", "2026-01-01T00:00:00Z"], "give --seq or --at, not both"],
    [["verify", "CASE-1", "--frob"], "unknown option --frob"],
    [["verify", "CASE-1", "CASE-2"], "unexpected argument CASE-2"],
    [["digest", "CASE-1"], "digest takes no CASE_ID"],
  ])("audit %j is one clear line and exit 2", async (args, message) => {
    const r = await audit(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toContain(message);
    expect(lines[0]).toContain("--help");
  });

  it("says the runtime is not running instead of printing a stack trace", async () => {
    const port = await freePort();
    const r = await audit(["verify", "CASE-1"], { DYNAMODB_PORT: String(port) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `cannot reach DynamoDB at http://127.0.0.1:${port}: is \`npm start\` running?`,
    );
  });
});
