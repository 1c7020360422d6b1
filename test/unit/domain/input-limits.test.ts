import { describe, expect, it } from "vitest";
import { type InputProblem, parseApplication } from "../../../domain";
import { fixture } from "../../support/applications";
import { largestApplication } from "../../support/largest-application";

// biome-ignore lint/suspicious/noExplicitAny: tests poke arbitrary values into the JSON
type Loose = any;

function problemsAfter(mutate: (app: Loose) => void): InputProblem[] {
  const app: Loose = fixture("a2-wholesale");
  mutate(app);
  const parsed = parseApplication(app);
  if (parsed.ok) throw new Error("expected the application to be refused");
  return parsed.error;
}

const paths = (problems: InputProblem[]) => problems.map((p) => p.path);

describe("every string and amount of an application has an upper bound", () => {
  it.each<[string, (a: Loose) => void, string, RegExp]>([
    [
      "a 900 KB region",
      (a) => {
        a.borrower.region = "x".repeat(900_000);
      },
      "$.borrower.region",
      /at most \d+ characters/,
    ],
    [
      "a 399 KB guarantor name",
      (a) => {
        a.guarantors[0].name = "李".repeat(399_000);
      },
      "$.guarantors[0].name",
      /at most \d+ characters/,
    ],
    [
      "a 400-digit facility amount",
      (a) => {
        a.facilities[0].amount = `${"9".repeat(400)}.00`;
      },
      "$.facilities[0].amount",
      /at most 15 digits before the decimal point/,
    ],
    [
      "a 5,000-digit revenue",
      (a) => {
        a.financials[0].revenue = "1".repeat(5_000);
      },
      "$.financials[0].revenue",
      /at most 15 digits before the decimal point/,
    ],
    [
      "a negative amount of 20 digits",
      (a) => {
        a.financials[0].netProfit = `-${"1".repeat(20)}.00`;
      },
      "$.financials[0].netProfit",
      /at most 15 digits before the decimal point/,
    ],
    [
      "a share padded with zeros",
      (a) => {
        a.buyerConcentration = `${"0".repeat(5_000)}0.35`;
      },
      "$.buyerConcentration",
      /share between 0 and 1/,
    ],
    [
      "a long collateral description",
      (a) => {
        a.collateral[0].description = "d".repeat(10_000);
      },
      "$.collateral[0].description",
      /at most 500 characters/,
    ],
    [
      "a long cluster id",
      (a) => {
        a.borrower.clusterId = "c".repeat(10_000);
      },
      "$.borrower.clusterId",
      /at most \d+ characters/,
    ],
    [
      "an implausible count",
      (a) => {
        a.creditHistory.inquiries6m = 10 ** 12;
      },
      "$.creditHistory.inquiries6m",
      /at most/,
    ],
    [
      "an implausible receivable-days change",
      (a) => {
        a.receivableDaysIncrease = -(10 ** 9);
      },
      "$.receivableDaysIncrease",
      /at least/,
    ],
  ])("refuses %s, naming its path", (_label, mutate, path, message) => {
    expect(problemsAfter(mutate)).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  it("accepts the largest application the limits allow", () => {
    const parsed = parseApplication(largestApplication());
    expect(parsed.ok ? [] : parsed.error).toEqual([]);
  });
});

describe("control characters and bidi overrides are refused where they have no business", () => {
  it.each<[string, (a: Loose) => void, string, string]>([
    [
      "CR/LF in the borrower name (mail header injection)",
      (a) => {
        a.borrower.name = "Acme\r\nBcc: x@evil.example\r\n\r\nReview and decide: http://evil.example/";
      },
      "$.borrower.name",
      "U+000D",
    ],
    [
      "a right-to-left override in the borrower name",
      (a) => {
        a.borrower.name = "Acme \u202Egnidart\u202C Co.";
      },
      "$.borrower.name",
      "U+202E",
    ],
    [
      "NUL in the application id",
      (a) => {
        a.applicationId = "APP-1\u0000";
      },
      "$.applicationId",
      "U+0000",
    ],
    [
      "a first-strong isolate in the region",
      (a) => {
        a.borrower.region = "GD\u2068";
      },
      "$.borrower.region",
      "U+2068",
    ],
    [
      "a left-to-right mark in a guarantor name",
      (a) => {
        a.guarantors[0].name = "Li\u200E";
      },
      "$.guarantors[0].name",
      "U+200E",
    ],
    [
      "an Arabic letter mark in the branch",
      (a) => {
        a.branch = "GZ\u061CTIANHE";
      },
      "$.branch",
      "U+061C",
    ],
    [
      "a C1 control in a guarantor id",
      (a) => {
        a.guarantors[0].id = "G\u00851";
      },
      "$.guarantors[0].id",
      "U+0085",
    ],
    [
      "a lone surrogate in the cluster id",
      (a) => {
        a.borrower.clusterId = "CL\uD800";
      },
      "$.borrower.clusterId",
      "U+D800",
    ],
    [
      "a line separator in the submitter",
      (a) => {
        a.submittedBy = "rm.chen\u2028";
      },
      "$.submittedBy",
      "U+2028",
    ],
  ])("refuses %s", (_label, mutate, path, codePoint) => {
    const problems = problemsAfter(mutate);
    expect(problems).toContainEqual({ path, message: expect.stringContaining(codePoint) });
  });

  it("keeps line breaks in the free-text collateral description, but not bidi controls", () => {
    const app: Loose = fixture("a2-wholesale");
    app.collateral[0].description = "Warehouse 3\nBay 12\tsouth side";
    expect(parseApplication(app).ok).toBe(true);
    const bidi = problemsAfter((a) => {
      a.collateral[0].description = "Warehouse \u202E3";
    });
    expect(paths(bidi)).toEqual(["$.collateral[0].description"]);
  });

  it("accepts ordinary Chinese and accented names", () => {
    const app: Loose = fixture("a2-wholesale");
    app.borrower.name = "广州天河纸业贸易有限公司 (Société Générale Paper)";
    app.borrower.region = "广东省";
    app.guarantors[0].name = "李小龙";
    expect(parseApplication(app).ok).toBe(true);
  });
});
