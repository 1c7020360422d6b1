import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixture } from "../../support/applications";
import { runCli } from "../../support/cli";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const FIXTURES = join(ROOT, "test", "fixtures", "applications");

const cli = (args: string[], stdin?: string) => runCli("infra/cli/assess.ts", args, stdin);

describe("npm run assess", () => {
  it("prints one assessment for a file, and the same bytes every time", () => {
    const first = cli([join(FIXTURES, "a2-wholesale.json")]);
    const second = cli([join(FIXTURES, "a2-wholesale.json")]);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.out).maxLimit).toBe("16000000.00");
    expect(second.out).toBe(first.out);
  });

  it("reads standard input with -", () => {
    const r = cli(["-"], readFileSync(join(FIXTURES, "b2-manufacturing.json"), "utf8"));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).maxLimit).toBe("11000000.00");
  });

  it("assesses a batch line by line, reports bad lines in place and exits 1", () => {
    const dir = mkdtempSync(join(tmpdir(), "assess-"));
    const bad = fixture("a2-wholesale") as unknown as Record<string, unknown>;
    bad.applicationId = "APP-BAD";
    bad.annualDebtService = -1;
    const lines = [
      JSON.stringify(fixture("a2-wholesale")),
      JSON.stringify(bad),
      "{not json",
      JSON.stringify(fixture("micro-services")),
    ];
    const file = join(dir, "batch.jsonl");
    writeFileSync(file, `${lines.join("\n")}\n`);
    const r = cli(["--batch", file]);
    expect(r.code).toBe(1);
    const out = r.out
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(out).toHaveLength(4);
    expect(out[0].applicationId).toBe("APP-2026-000123");
    expect(out[1]).toEqual({
      applicationId: "APP-BAD",
      errors: [{ path: "$.annualDebtService", message: expect.any(String) }],
    });
    expect(out[2].applicationId).toBeNull();
    expect(out[2].errors[0].message).toMatch(/not valid JSON/);
    expect(out[3].salesGrade).toBe(0);
  });

  it("exits 0 on a batch of good lines", () => {
    const dir = mkdtempSync(join(tmpdir(), "assess-"));
    const file = join(dir, "ok.jsonl");
    writeFileSync(
      file,
      `${JSON.stringify(fixture("a2-wholesale"))}\n${JSON.stringify(fixture("b2-manufacturing"))}\n`,
    );
    const r = cli(["--batch", file]);
    expect(r.code).toBe(0);
    expect(r.out.trimEnd().split("\n")).toHaveLength(2);
  });

  it("explains its usage on wrong arguments", () => {
    const r = cli([]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/usage/);
  });
});
