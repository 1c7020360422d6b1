import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import type { Assessment } from "../../../domain";
import { contractView, expectedImpact, policyCases } from "../../support/policy-cases";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const cases = policyCases();

async function cli(args: string[]) {
  const r = await promisify(execFile)(process.execPath, ["--import", "tsx", "infra/cli/assess.ts", ...args], {
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
  }).catch((e: { code: number; stdout: string; stderr: string }) => e);
  return { code: "code" in r ? r.code : 0, out: r.stdout, err: r.stderr };
}

let batchFile: string;
let v2: Assessment[];
let v1: Assessment[];

beforeAll(async () => {
  batchFile = join(mkdtempSync(join(tmpdir(), "assess-2026.2-")), "cases.jsonl");
  writeFileSync(batchFile, `${cases.map((c) => JSON.stringify(c.application)).join("\n")}\n`);
  const [byDefault, byV1] = await Promise.all([
    cli(["--batch", batchFile]),
    cli(["--policy", "sme-standard-2026.1", "--batch", batchFile]),
  ]);
  expect([byDefault.code, byV1.code, byDefault.err, byV1.err]).toEqual([0, 0, "", ""]);
  const lines = (text: string) =>
    text
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as Assessment);
  v2 = lines(byDefault.out);
  v1 = lines(byV1.out);
}, 60_000);

describe("assess --batch under the default policy (2026.2), on applications worked out by hand", () => {
  it("assesses every case, in order, under sme-standard-2026.2", () => {
    expect(v2.map((a) => a.applicationId)).toEqual(cases.map((c) => c.application.applicationId));
    expect(new Set(v2.map((a) => a.policyVersion))).toEqual(new Set(["sme-standard-2026.2"]));
  });

  it.each(cases.map((c, i) => [c.name, i] as const))("%s", (_name, i) => {
    const c = cases[i];
    const a = v2[i];
    if (!c || !a) throw new Error("case without output");
    expect(contractView(a, c.expected)).toEqual(c.expected);
    for (const condition of a.conditions ?? []) expect(condition.message).not.toBe("");
  });
});

describe("assess --policy sme-standard-2026.1 --batch on the same cases", () => {
  it.each(cases.map((c, i) => [c.name, i] as const))("%s", (_name, i) => {
    const c = cases[i];
    const a = v1[i];
    if (!c || !a) throw new Error("case without output");
    expect(contractView(a, c.expected2026v1)).toEqual(c.expected2026v1);
    expect(a).not.toHaveProperty("conditions");
  });
});

describe("assess --compare sme-standard-2026.1 on the hand-built batch", () => {
  it("counts what the policy text says changes, as JSON", async () => {
    const r = await cli(["--compare", "sme-standard-2026.1", "--format", "json", batchFile]);
    expect([r.code, r.err]).toEqual([0, ""]);
    expect(JSON.parse(r.out)).toEqual(expectedImpact());
  });

  it("prints the same counts as a table for a person", async () => {
    const r = await cli(["--compare", "sme-standard-2026.1", "--policy", "sme-standard-2026.2", batchFile]);
    expect(r.code).toBe(0);
    const lines = r.out.split("\n").map((l) => l.replace(/\s+/g, " ").trim());
    expect(lines).toContain("Impact of moving from sme-standard-2026.1 to sme-standard-2026.2");
    expect(lines).toContain("27 application(s) compared · 21 outcome(s) change (77.8%)");
    expect(lines).toContain("Max limit 0 up · 3 down");
    expect(lines).toContain("total down 2,700,000.00 CNY");
    expect(lines).toContain("net −2,700,000.00 CNY");
    expect(lines).toContain("GUARANTOR_INELIGIBLE 1 1");
    expect(lines).toContain("HEAD_OFFICE 3 1");
    expect(lines).toContain("SETTLEMENT_ACCOUNT 18 0");
  });
});
