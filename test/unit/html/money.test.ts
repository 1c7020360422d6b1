import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatMoney, readableAmounts } from "../../../functions/shared/html/money";

describe("formatMoney", () => {
  it("groups thousands and names the currency", () => {
    expect(formatMoney("15000000.00", "CNY")).toBe("15,000,000.00 CNY");
    expect(formatMoney("15000000", "CNY")).toBe("15,000,000.00 CNY");
    expect(formatMoney("999.99", "CNY")).toBe("999.99 CNY");
    expect(formatMoney("1000", "CNY")).toBe("1,000.00 CNY");
    expect(formatMoney("100000", "CNY")).toBe("100,000.00 CNY");
  });

  it("shows zero and cents", () => {
    expect(formatMoney("0", "CNY")).toBe("0.00 CNY");
    expect(formatMoney("0.00", "CNY")).toBe("0.00 CNY");
    expect(formatMoney("0.5", "CNY")).toBe("0.50 CNY");
    expect(formatMoney("0.05", "CNY")).toBe("0.05 CNY");
    expect(formatMoney("1234.5", "CNY")).toBe("1,234.50 CNY");
  });

  it("keeps the sign of a negative amount, and none on a negative zero", () => {
    expect(formatMoney("-1234567.89", "CNY")).toBe("-1,234,567.89 CNY");
    expect(formatMoney("-0.01", "CNY")).toBe("-0.01 CNY");
    expect(formatMoney("-0.00", "CNY")).toBe("0.00 CNY");
    expect(formatMoney("+12", "CNY")).toBe("12.00 CNY");
  });

  it("is exact past what a JS number holds, and never rounds decimals away", () => {
    // 2^53 + 1 and beyond: a number would print 9007199254740992.
    expect(formatMoney("9007199254740993.01", "CNY")).toBe("9,007,199,254,740,993.01 CNY");
    expect(formatMoney("123456789012345678901234.56", "CNY")).toBe("123,456,789,012,345,678,901,234.56 CNY");
    expect(formatMoney("1000.005", "CNY")).toBe("1,000.005 CNY");
  });

  it("refuses what is not a plain decimal, naming it", () => {
    for (const bad of ["", "1e6", "12,000", "NaN", "Infinity", " 1", "0x10", "1."]) {
      expect(() => formatMoney(bad, "CNY"), bad).toThrow(
        expect.objectContaining({ code: "MONEY_NOT_A_DECIMAL" }),
      );
    }
  });

  it("reads back as the same amount, for any amount", () => {
    /** A decimal string as an integer count of 10^-12, to compare values without a JS number. */
    const scaled = (text: string) => {
      const [whole = "", fraction = ""] = text.replace(/,/g, "").split(".");
      return BigInt(`${whole}${fraction.padEnd(12, "0")}`);
    };
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
        fc.integer({ min: 0, max: 6 }),
        (n, places) => {
          const digits = (n < 0n ? -n : n).toString().padStart(places + 1, "0");
          const amount = `${n < 0n ? "-" : ""}${places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`}`;
          const shown = formatMoney(amount, "CNY");
          expect(shown).toMatch(/^-?\d{1,3}(,\d{3})*\.\d{2,} CNY$/);
          expect(scaled(shown.slice(0, -4))).toBe(scaled(amount));
        },
      ),
    );
  });
});

describe("amounts inside the domain's messages", () => {
  it("groups money-shaped numbers and leaves years, ratios, codes and counts alone", () => {
    expect(
      readableAmounts(
        "receipts of at least 3 × the credit (15000000.00 for the requested 5000000.00); 2025 vs 2024 ratio 0.1268, C05 3.55, 900.00",
      ),
    ).toBe(
      "receipts of at least 3 × the credit (15,000,000.00 for the requested 5,000,000.00); 2025 vs 2024 ratio 0.1268, C05 3.55, 900.00",
    );
    expect(readableAmounts("160000000.00 vs 142000000.00")).toBe("160,000,000.00 vs 142,000,000.00");
    expect(readableAmounts("already 1,234.00 and 12345.678")).toBe("already 1,234.00 and 12345.678");
  });
});
