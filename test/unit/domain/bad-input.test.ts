import { describe, expect, it } from "vitest";
import { parseApplication } from "../../../domain";
import { fixture } from "../../support/applications";

type Mutation = (app: Record<string, unknown> & { [k: string]: unknown }) => void;

function problemsAfter(mutate: Mutation) {
  const app = fixture("a2-wholesale") as unknown as Record<string, unknown>;
  mutate(app);
  const parsed = parseApplication(app);
  if (parsed.ok) throw new Error("expected the application to be refused");
  return parsed.error;
}

// biome-ignore lint/suspicious/noExplicitAny: tests poke arbitrary wrong values into the JSON
const any = (x: unknown) => x as any;

describe("bad input is refused whole, every problem named by JSON path", () => {
  it.each<[string, Mutation, string, RegExp]>([
    [
      "a number where money is a string",
      (a) => {
        any(a).financials[0].revenue = 160000000;
      },
      "$.financials[0].revenue",
      /decimal string/,
    ],
    [
      "negative money",
      (a) => {
        any(a).facilities[0].amount = "-5.00";
      },
      "$.facilities[0].amount",
      /non-negative/,
    ],
    [
      "more than 2 decimals",
      (a) => {
        any(a).annualDebtService = "2000000.001";
      },
      "$.annualDebtService",
      /at most 2 decimals/,
    ],
    [
      "an unknown enum",
      (a) => {
        any(a).borrower.sector = "mining";
      },
      "$.borrower.sector",
      /must be one of/,
    ],
    [
      "a missing field",
      (a) => {
        delete any(a).borrower.industryCode;
      },
      "$.borrower.industryCode",
      /is required/,
    ],
    [
      "more than 3 years",
      (a) => {
        any(a).financials.push({ ...any(a).financials[2], year: 2022 });
      },
      "$.financials",
      /at most 3/,
    ],
    [
      "duplicate years",
      (a) => {
        any(a).financials[1].year = 2025;
      },
      "$.financials[1].year",
      /duplicate year 2025/,
    ],
    [
      "non-consecutive years",
      (a) => {
        any(a).financials[2].year = 2020;
      },
      "$.financials",
      /consecutive/,
    ],
    [
      "a share above 1",
      (a) => {
        any(a).buyerConcentration = "35";
      },
      "$.buyerConcentration",
      /between 0 and 1/,
    ],
    [
      "a zero facility amount",
      (a) => {
        any(a).facilities[0].amount = "0.00";
      },
      "$.facilities[0].amount",
      /greater than zero/,
    ],
    [
      "no facilities",
      (a) => {
        any(a).facilities = [];
      },
      "$.facilities",
      /at least one facility/,
    ],
    [
      "an unknown collateral type",
      (a) => {
        any(a).collateral[0].type = "gold";
      },
      "$.collateral[0].type",
      /must be one of/,
    ],
    [
      "a fractional count",
      (a) => {
        any(a).creditHistory.inquiries6m = 1.5;
      },
      "$.creditHistory.inquiries6m",
      /whole number/,
    ],
    [
      "duplicate guarantor ids",
      (a) => {
        any(a).guarantors.push({ ...any(a).guarantors[0] });
      },
      "$.guarantors[1].id",
      /duplicate guarantor/,
    ],
    [
      "a malformed industry code",
      (a) => {
        any(a).borrower.industryCode = "5143";
      },
      "$.borrower.industryCode",
      /GB\/T 4754/,
    ],
  ])("%s", (_label, mutate, path, message) => {
    const problems = problemsAfter(mutate);
    expect(problems).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  it("lists every problem at once, not just the first", () => {
    const problems = problemsAfter((a) => {
      any(a).financials[0].revenue = "abc";
      any(a).borrower.sector = "mining";
      delete any(a).checks.interbank;
      any(a).facilities[0].tenorMonths = 0;
    });
    expect(problems.map((p) => p.path).sort()).toEqual(
      [
        "$.borrower.sector",
        "$.checks.interbank",
        "$.facilities[0].tenorMonths",
        "$.financials[0].revenue",
      ].sort(),
    );
  });

  it.each([null, 42, "text", [], {}])("refuses %j as a whole", (input) => {
    const parsed = parseApplication(input);
    expect(parsed.ok).toBe(false);
  });
});
