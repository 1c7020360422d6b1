import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";

/**
 * sme-standard-2026.1 must keep giving the bytes it gave before 2026.2 existed: cases recorded under it
 * are reproduced byte for byte. The golden output was printed by `assess --batch` at commit 28e7cc7
 * (2026.1 the default, before any 2026.2 change) for the three fixtures and 500 generated applications
 * (seeds 1-500 of test/support/application-generator.ts); the input is kept beside it, so a change to
 * the generator cannot move the goalposts.
 */
const ROOT = join(import.meta.dirname, "..", "..", "..");
const GOLDEN = join(ROOT, "test", "fixtures", "golden");
const gunzip = (name: string) => gunzipSync(readFileSync(join(GOLDEN, name))).toString("utf8");

async function cli(args: string[]) {
  return promisify(execFile)(process.execPath, ["--import", "tsx", "infra/cli/assess.ts", ...args], {
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });
}

describe("assess --policy sme-standard-2026.1 after the default moved to 2026.2", () => {
  const input = gunzip("sme-standard-2026.1.input.jsonl.gz");
  const golden = gunzip("sme-standard-2026.1.output.jsonl.gz");

  it("prints the base commit's bytes for the fixtures and 500 generated applications", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "golden-")), "input.jsonl");
    writeFileSync(file, input);
    const r = await cli(["--policy", "sme-standard-2026.1", "--batch", file]);
    expect(r.stderr).toBe("");
    expect(r.stdout.split("\n")).toHaveLength(504);
    // Byte for byte; the line-by-line check only makes a failure readable.
    if (r.stdout !== golden) {
      const lines = r.stdout.split("\n");
      const at = golden.split("\n").findIndex((line, i) => line !== lines[i]);
      expect(lines[at], `first different line: ${at + 1}`).toBe(golden.split("\n")[at]);
    }
    expect(r.stdout).toBe(golden);
  }, 60_000);

  it("prints the same bytes for a fixture given as one file", async () => {
    const r = await cli([
      "--policy",
      "sme-standard-2026.1",
      join(ROOT, "test", "fixtures", "applications", "b2-manufacturing.json"),
    ]);
    expect(r.stdout).toBe(`${golden.split("\n")[1]}\n`);
  });

  it("differs from the default policy's output, so the comparison means something", async () => {
    const r = await cli([join(ROOT, "test", "fixtures", "applications", "b2-manufacturing.json")]);
    expect(JSON.parse(r.stdout).policyVersion).toBe("sme-standard-2026.2");
    expect(r.stdout).not.toBe(`${golden.split("\n")[1]}\n`);
  });
});
