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
  it("names a missing or unknown command and prints the usage", async () => {
    const none = await audit([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("no command");
    expect(none.stderr).toContain("usage: npm run --silent audit -- <command>");
    const unknown = await audit(["erase", "CASE-1"]);
    expect(unknown).toMatchObject({ code: 2, stderr: expect.stringContaining("unknown command erase") });
    const format = await audit(["export", "CASE-1", "--format", "pdf"]);
    expect(format).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("--format must be one of json, csv, html"),
    });
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
