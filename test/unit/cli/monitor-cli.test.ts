import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { getPolicy, POLICIES, type Warning } from "../../../domain";
import { UsageError } from "../../../infra/cli/assess-args";
import { parseMonitorArgs } from "../../../infra/cli/monitor-args";
import { runCli } from "../../support/cli";
import { monitoringCases, quietSnapshot, warningView } from "../../support/monitoring-cases";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const cli = (args: string[], stdin?: string) => runCli("infra/cli/monitor.ts", args, stdin);
const cases = monitoringCases();
const dir = mkdtempSync(join(tmpdir(), "monitor-"));
const batchFile = join(dir, "cases.jsonl");

let first: ReturnType<typeof cli>;

beforeAll(() => {
  writeFileSync(batchFile, `${cases.map((c) => JSON.stringify(c.snapshot)).join("\n")}\n`);
  first = cli(["--batch", batchFile]);
});

describe("npm run monitor -- --batch, on snapshots worked out by hand from the policy text", () => {
  it("answers every line in order, under the default policy, with its hash, and exits 0", () => {
    expect([first.code, first.err]).toEqual([0, ""]);
    const warnings = first.out
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as Warning);
    expect(warnings.map((w) => w.snapshotId)).toEqual(cases.map((c) => c.snapshot.snapshotId));
    expect(new Set(warnings.map((w) => `${w.policyVersion} ${w.policyHash}`))).toEqual(
      new Set([`${getPolicy().id} ${getPolicy().hash}`]),
    );
    expect(warnings.map(warningView)).toEqual(cases.map((c) => c.expected));
  });

  it("prints the same bytes every time", () => {
    expect(cli(["--batch", batchFile]).out).toBe(first.out);
  });

  it("prints one warning for a file or standard input, the same bytes as its batch line", () => {
    const file = join(dir, "one.json");
    writeFileSync(file, JSON.stringify(cases[2]?.snapshot, null, 2));
    const line = first.out.split("\n")[2];
    expect(cli([file])).toEqual({ code: 0, out: `${line}\n`, err: "" });
    expect(cli(["-"], readFileSync(file, "utf8")).out).toBe(`${line}\n`);
    const contract = cli([join(ROOT, "test", "fixtures", "monitoring", "contract-example.json")]);
    expect(contract.code).toBe(0);
  });

  it("answers a bad line in place with its line number and every problem by path, and exits 1", () => {
    const file = join(dir, "bad.jsonl");
    const lines = [
      JSON.stringify(quietSnapshot()),
      "",
      JSON.stringify(
        quietSnapshot({ "$.snapshotId": "MON-BAD", "$.daysPastDue": "9", "$.approvedLimit": "0" }),
      ),
      "{not json",
      JSON.stringify(quietSnapshot({ "$.snapshotId": "MON-LAST", "$.daysPastDue": 91 })),
    ];
    writeFileSync(file, `${lines.join("\n")}\n`);
    const r = cli(["--batch", file]);
    expect(r.code).toBe(1);
    expect(r.err).toBe("");
    const out = r.out
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(out).toHaveLength(4);
    expect(out[0].tier).toBeNull();
    expect(out[1]).toEqual({
      snapshotId: "MON-BAD",
      line: 3,
      errors: [
        { path: "$.approvedLimit", message: "must be greater than zero" },
        { path: "$.daysPastDue", message: "must be a whole number of days" },
      ],
    });
    expect(out[2]).toMatchObject({ snapshotId: null, line: 4, errors: [{ path: "$" }] });
    expect(out[2].errors[0].message).toMatch(/not valid JSON/);
    expect(out[3]).toMatchObject({
      snapshotId: "MON-LAST",
      tier: "red",
      proposedClassification: "substandard",
    });
  });

  it("answers a bad single file with its problems and exit 1", () => {
    const r = cli(["-"], JSON.stringify(quietSnapshot({ "$.asOf": "30/11/2026" })));
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toEqual({
      snapshotId: "MON-QUIET",
      errors: [{ path: "$.asOf", message: 'must be a date such as "2026-11-30"' }],
    });
  });

  it("answers --help, and a usage mistake with one line and exit 2", () => {
    const help = cli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/usage: npm run --silent monitor/);
    expect(help.out).toMatch(
      /policies with monitoring: sme-standard-2026\.2 \(default\), sme-standard-2026\.2-table/,
    );
    for (const [args, message] of [
      [
        ["--policy", "sme-standard-2026.1", batchFile],
        /policy "sme-standard-2026\.1" has no monitoring section/,
      ],
      [["--policy", "nope", batchFile], /unknown policy "nope"/],
      [["--frobnicate"], /unknown option --frobnicate/],
      [[], /no input/],
      [[batchFile, batchFile], /reads one input, got 2/],
      [["--batch", join(dir, "missing.jsonl")], /cannot read/],
    ] as const) {
      const r = cli([...args]);
      expect([r.code, r.out]).toEqual([2, ""]);
      expect(r.err).toMatch(message);
      expect(r.err.trimEnd().split("\n")).toHaveLength(1);
    }
  });
});

describe("monitor arguments", () => {
  it("defaults to the default policy and reads a batch from standard input", () => {
    expect(parseMonitorArgs(["--batch", "-"], POLICIES)).toEqual({
      kind: "batch",
      file: "-",
      policyId: POLICIES.defaultId,
    });
    expect(() => parseMonitorArgs(["--policy"], POLICIES)).toThrow(UsageError);
  });
});
