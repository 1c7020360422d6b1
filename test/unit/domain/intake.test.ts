import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  type Application,
  applicationSchema,
  type BatchLine,
  clusterAdmission,
  MAX_BATCH_APPLICATIONS,
  MAX_BATCH_BYTES,
  PORTFOLIO_PLANS,
  parseBatch,
} from "../../../domain";
import { generateApplication } from "../../support/application-generator";
import { fixture } from "../../support/applications";
import { toCsv } from "../../support/csv";

const SAMPLE = join(import.meta.dirname, "..", "..", "fixtures", "batches", "cluster-sample.csv");

/** 100 generated applications, three of them bad: lines 10, 50 and 77 of the list (1-based). */
function hundredWithThreeBad(): unknown[] {
  const apps: Record<string, unknown>[] = Array.from(
    { length: 100 },
    (_, i) => generateApplication(i + 1) as never,
  );
  const at = (n: number) => apps[n - 1] as Application;
  (at(10).financials[0] as { revenue: string }).revenue = "-5.00";
  (at(50).facilities[0] as { amount: string }).amount = "lots";
  (at(77).borrower as { sector: string }).sector = "mining";
  return apps;
}

function summary(lines: BatchLine[]) {
  const good = lines.filter((l) => "application" in l);
  const bad = lines
    .filter((l) => "errors" in l)
    .map((l) => ({ line: l.line, paths: [...new Set("errors" in l ? l.errors.map((e) => e.path) : [])] }));
  return { good: good.length, bad };
}

function ok<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

describe("batch intake", () => {
  it.each([
    ["JSON lines", "jsonl", (apps: unknown[]) => `${apps.map((a) => JSON.stringify(a)).join("\n")}\n`, 0],
    ["CSV rows, the header being line 1,", "csv", toCsv, 1],
  ] as const)(
    "turns 100 %s with 3 bad into 97 applications and 3 errors by line and path",
    (_what, format, body, header) => {
      expect(summary(ok(parseBatch(body(hundredWithThreeBad()), format)))).toEqual({
        good: 97,
        bad: [
          { line: 10 + header, paths: ["$.financials[0].revenue"] },
          { line: 50 + header, paths: ["$.facilities[0].amount"] },
          { line: 77 + header, paths: ["$.borrower.sector"] },
        ],
      });
    },
  );

  it("reads every generated application back from CSV exactly as from JSON", () => {
    const apps = Array.from({ length: 60 }, (_, i) => generateApplication(i + 1000));
    const lines = ok(parseBatch(toCsv(apps), "csv"));
    expect(lines.map((l) => ("application" in l ? l.application : l))).toEqual(
      apps.map((a) => applicationSchema.parse(a)),
    );
  });

  it("numbers JSON lines as the file does, blank lines included, and names bad JSON", () => {
    const app = JSON.stringify(generateApplication(1));
    const lines = ok(parseBatch(`${app}\n\n{oops\n${app}`, "jsonl"));
    expect(lines.map((l) => [l.line, "errors" in l ? l.errors[0]?.path : "ok"])).toEqual([
      [1, "ok"],
      [3, "$"],
      [4, "ok"],
    ]);
  });

  it("counts a quoted cell over two lines in the file's line numbers, and a short row as a bad line", () => {
    const [a, b] = [generateApplication(1), generateApplication(2)];
    // A multi-line cell where the schema allows line breaks: a collateral description.
    a.collateral = [{ type: "deposit", appraisedValue: "1000000.00", description: "Two\nlines" }];
    b.collateral = [{ type: "deposit", appraisedValue: "1000000.00", description: "one line" }];
    const csv = toCsv([a, b, a]).split("\r\n");
    const short = csv[3]?.split(",").slice(0, 5).join(",");
    const body = [csv[0], csv[1], "", csv[2], short].join("\n");
    const lines = ok(parseBatch(body, "csv"));
    expect(lines.map((l) => [l.line, "errors" in l ? l.errors[0]?.message : "ok"])).toEqual([
      [2, "ok"],
      [5, "ok"],
      [6, expect.stringMatching(/^has 5 cells, the header has \d+$/)],
    ]);
    expect(
      "application" in (lines[0] as BatchLine) &&
        (lines[0] as { application: Application }).application.collateral[0]?.description,
    ).toBe("Two\nlines");
  });

  it("reports a missing required cell and an empty required array by path", () => {
    const app = generateApplication(3) as Record<string, unknown>;
    const csv = toCsv([{ ...app, branch: "", facilities: [], guarantors: [] }]);
    const [line] = ok(parseBatch(csv, "csv"));
    expect(line && "errors" in line ? line.errors : []).toEqual([
      { path: "$.branch", message: "is required" },
      { path: "$.facilities", message: "must request at least one facility" },
    ]);
  });

  it.each([
    ["an unknown column", "applicationId,borrower.nmae\nA,B\n", 1, /column "borrower.nmae" is not a field/],
    ["a group column", "borrower\nx\n", 1, /names a group of fields/],
    ["an array without index", "facilities.amount\n1\n", 1, /is not a field/],
    ["a repeated column", "branch,branch\na,b\n", 1, /appears twice/],
    ["an unclosed quote", 'branch\n"open\n', 2, /not readable as CSV/],
    ["no rows", "branch\n", 1, /holds no application/],
    ["nothing", "", 1, /header row/],
  ])("refuses a CSV body with %s as a whole, at its line", (_what, body, line, message) => {
    const result = parseBatch(body, "csv");
    expect(result.ok ? null : result.error).toEqual({ line, message: expect.stringMatching(message) });
  });

  it("bounds a body by size and by number of applications", () => {
    const tooBig = parseBatch(" ".repeat(MAX_BATCH_BYTES + 1), "jsonl");
    expect(tooBig.ok ? null : tooBig.error.message).toMatch(/bytes; a batch holds at most/);
    const many = Array.from({ length: MAX_BATCH_APPLICATIONS + 1 }, () => "{}").join("\n");
    const tooMany = parseBatch(many, "jsonl");
    expect(tooMany.ok ? null : tooMany.error).toEqual({
      line: MAX_BATCH_APPLICATIONS + 1,
      message: expect.stringMatching(/at most 1000/),
    });
  });

  it("reads the sample cluster batch, whose members fit the cluster plan's terms", () => {
    const lines = ok(parseBatch(readFileSync(SAMPLE, "utf8"), "csv"));
    const cluster = PORTFOLIO_PLANS.get().data.clusters[0];
    if (!cluster) throw new Error("the default plan has a cluster");
    expect(
      lines.map((l) => ("application" in l ? clusterAdmission(cluster, l.application) : l.errors)),
    ).toEqual([[], [], []]);
  });
});

describe("cluster plan terms", () => {
  it("names each way an application does not fit its cluster plan", () => {
    const cluster = PORTFOLIO_PLANS.get().data.clusters[0];
    if (!cluster) throw new Error("the default plan has a cluster");
    const app = applicationSchema.parse(generateApplication(5));
    app.borrower.industryCode = "F5143";
    app.facilities = [
      { type: "non_financing_guarantee", amount: "1.00", tenorMonths: 12 },
      { type: "plant_construction", amount: "1.00", tenorMonths: 61 },
    ];
    app.guarantors = applicationSchema.parse(fixture("a2-wholesale")).guarantors;
    expect(clusterAdmission(cluster, app).map((p) => p.path)).toEqual([
      "$.borrower.industryCode",
      "$.borrower.region",
      "$.facilities[0].type",
      "$.facilities[1].tenorMonths",
      "$.borrower.partyId",
      "$.guarantors[0].partyId",
    ]);
  });
});
