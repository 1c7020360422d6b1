import type Decimal from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Dec } from "../../../domain/decimal";
import { Exact, moneyDown, moneyUp, ratioText } from "../../../domain/exact";
import type { Rounding } from "../../../domain/exact/digits";

/**
 * The exact core against the reference it replaces: the precision-28 Decimal (decimal.js) the
 * assessment computed with before. For every operation the assessment uses, on operands from one fen
 * to the largest amounts the schema accepts (18 integer digits, 2 decimals), ratios and policy values
 * with up to 4 decimals, and the 28-digit quotients that feed later steps, both give the same value
 * and print the same bytes.
 */

const digitString = (min: number, max: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((d) => d.join(""));

/** Decimal text as inputs and policy files hold it, leading zeros and "-0" included. */
const decimalText = fc
  .tuple(fc.boolean(), digitString(1, 18), fc.option(digitString(1, 4), { nil: undefined }))
  .map(([negative, whole, fraction]) => `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`);

/** Amounts at the edges: the largest the schema takes, one fen, zero. */
const edgeText = fc.constantFrom(
  "999999999999999999.99",
  "-999999999999999999.99",
  "100000000000000000.00",
  "0.01",
  "-0.01",
  "0",
  "-0",
  "0.0001",
  "1",
  "3",
  "7",
);

const text = fc.oneof({ weight: 5, arbitrary: decimalText }, { weight: 1, arbitrary: edgeText });

/** A pair as the assessment builds values: parsed text, or a 28-digit quotient of parsed texts. */
const operand = fc.oneof(
  { weight: 3, arbitrary: text.map((t) => ({ exact: Exact.parse(t), ref: new Dec(t) })) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(text, text)
      .filter(([, d]) => !new Dec(d).isZero())
      .map(([n, d]) => ({ exact: Exact.parse(n).div(Exact.parse(d)), ref: new Dec(n).div(d) })),
  },
);

const MODES: Record<Rounding, Decimal.Rounding> = {
  down: Dec.ROUND_DOWN,
  up: Dec.ROUND_UP,
  halfUp: Dec.ROUND_HALF_UP,
  halfEven: Dec.ROUND_HALF_EVEN,
};

/** Same value, and the same bytes at every rounding the assessment prints with. */
function same(exact: Exact, ref: Dec): void {
  expect(new Dec(exact.toString()).eq(ref), `${exact.toString()} vs ${ref.toFixed()}`).toBe(true);
  expect(exact.toString()).toBe(ref.toFixed());
  for (const [mode, rm] of Object.entries(MODES) as [Rounding, Decimal.Rounding][]) {
    for (const decimals of [0, 2, 4]) expect(exact.toFixed(decimals, mode)).toBe(ref.toFixed(decimals, rm));
  }
  expect(exact.toFixed(2)).toBe(ref.toFixed(2));
}

const RUNS = { numRuns: 3000 };

describe("the exact core matches the precision-28 Decimal", () => {
  it("parses decimal text to the same value", () => {
    fc.assert(
      fc.property(text, (t) => same(Exact.parse(t), new Dec(t))),
      RUNS,
    );
  });

  it("adds, subtracts and multiplies to the same value, rounding past 28 digits the same way", () => {
    fc.assert(
      fc.property(operand, operand, (a, b) => {
        same(a.exact.plus(b.exact), a.ref.plus(b.ref));
        same(a.exact.minus(b.exact), a.ref.minus(b.ref));
        same(a.exact.times(b.exact), a.ref.times(b.ref));
      }),
      RUNS,
    );
  });

  it("divides to the same 28 significant digits", () => {
    fc.assert(
      fc.property(operand, operand, (a, b) => {
        fc.pre(!b.ref.isZero());
        same(a.exact.div(b.exact), a.ref.div(b.ref));
      }),
      RUNS,
    );
  });

  it("compares exactly as Decimal does", () => {
    fc.assert(
      fc.property(operand, operand, (a, b) => {
        expect(a.exact.cmp(b.exact)).toBe(a.ref.cmp(b.ref));
        expect(a.exact.gt(b.exact)).toBe(a.ref.gt(b.ref));
        expect(a.exact.gte(b.exact)).toBe(a.ref.gte(b.ref));
        expect(a.exact.lt(b.exact)).toBe(a.ref.lt(b.ref));
        expect(a.exact.lte(b.exact)).toBe(a.ref.lte(b.ref));
        expect(a.exact.isZero()).toBe(a.ref.isZero());
        expect(a.exact.isPositive()).toBe(a.ref.gt(0));
      }),
      RUNS,
    );
  });

  it("reports money and ratios with the same bytes", () => {
    fc.assert(
      fc.property(operand, (a) => {
        expect(moneyDown(a.exact)).toBe(a.ref.toFixed(2, Dec.ROUND_DOWN));
        expect(moneyUp(a.exact)).toBe(a.ref.toFixed(2, Dec.ROUND_UP));
        expect(ratioText(a.exact)).toBe(a.ref.toFixed(4, Dec.ROUND_HALF_EVEN).replace(/\.?0+$/, ""));
      }),
      RUNS,
    );
  });

  it("rounds the known hard cases as Decimal does", () => {
    const cases: [string, string][] = [
      ["1", "3"],
      ["2", "3"],
      ["-2", "3"],
      ["999999999999999999.99", "0.0001"],
      ["999999999999999999.99", "7"],
      ["0.01", "999999999999999999.99"],
      ["123456789012345678.99", "7"],
      ["0.00005", "1"],
      ["-0.00005", "1"],
      ["0.00015", "1"],
    ];
    for (const [n, d] of cases) same(Exact.parse(n).div(Exact.parse(d)), new Dec(n).div(d));
    // Ties: half up for the 28th digit, half even for a ratio's 4th decimal, on both signs.
    same(Exact.parse("0.00025"), new Dec("0.00025"));
    same(Exact.parse("-0.00035"), new Dec("-0.00035"));
    same(
      Exact.parse("1234567890123456789012345678.5").plus(Exact.parse("0")),
      new Dec("1234567890123456789012345678.5").plus(0),
    );
    expect(ratioText(Exact.parse("-0.00001"))).toBe("-0");
    expect(moneyDown(Exact.parse("-0.001"))).toBe("-0.00");
    expect(moneyDown(Exact.parse("-0"))).toBe("0.00");
  });

  it("refuses what is not decimal text and a zero divisor, as bugs", () => {
    for (const bad of ["", "1e3", "1.", ".5", "+1", " 1", "NaN"]) expect(() => Exact.parse(bad)).toThrow();
    expect(() => Exact.parse("1").div(Exact.parse("0.00"))).toThrow(/division by zero/);
    expect(() => Exact.of(0.5)).toThrow();
  });
});
