import { describe, expect, it } from "vitest";
import type { Application } from "../../../domain";
import {
  assessed as assessedUnder,
  codes,
  fixture,
  latest,
  levelOf,
  pointsOf,
} from "../../support/applications";

/**
 * Each row: one threshold of the policy, probed exactly on it and one step past it, under both released
 * versions: 2026.2 keeps every threshold of 2026.1 except the rows that name their version (the micro
 * cap for two failures, the guarantor's base).
 */
const VERSIONS = ["sme-standard-2026.1", "sme-standard-2026.2"] as const;
type Version = (typeof VERSIONS)[number];
/** The expected value of a row whose rule 2026.2 changed. */
const byVersion = <T>(version: Version, values: Record<Version, T>): T => values[version];

type Probe = [label: string, mutate: (app: Application) => void, expected: unknown];

function run(base: () => Application, read: (app: Application) => unknown, probes: Probe[]) {
  it.each(probes)("%s", (_label, mutate, expected) => {
    const app = base();
    mutate(app);
    expect(read(app)).toEqual(expected);
  });
}

const trade = () => fixture("a2-wholesale");
const mfg = () => fixture("b2-manufacturing");
const micro = () => fixture("micro-services");
const setRevenue = (value: string) => (app: Application) => {
  latest(app).revenue = value;
};

describe.each(VERSIONS)("under %s", (version) => {
  const assessed = (app: Application) => assessedUnder(app, version);
  const level = (id: string) => (app: Application) => levelOf(assessed(app), id);
  const points = (id: string) => (app: Application) => pointsOf(assessed(app), id);

  describe("sales grade bands (§2)", () => {
    run(
      trade,
      (app) => {
        const a = assessed(app);
        return [a.salesGrade, a.sme];
      },
      [
        ["29,999,999.99 is grade 0", setRevenue("29999999.99"), [0, true]],
        ["30,000,000 is grade 1", setRevenue("30000000.00"), [1, true]],
        ["79,999,999.99 is grade 1", setRevenue("79999999.99"), [1, true]],
        ["80,000,000 is grade 2", setRevenue("80000000.00"), [2, true]],
        ["199,999,999.99 is grade 2", setRevenue("199999999.99"), [2, true]],
        ["200,000,000 is grade 3", setRevenue("200000000.00"), [3, true]],
        ["390,000,000 is still grade 3", setRevenue("390000000.00"), [3, true]],
        ["390,000,000.01 is not an SME", setRevenue("390000000.01"), [null, false]],
      ],
    );

    it("raises NOT_SME above the ceiling and still reports the standard CSC", () => {
      const app = trade();
      setRevenue("400000000.00")(app);
      const a = assessed(app);
      expect(codes(a)).toContain("NOT_SME");
      expect(a.criteria).toHaveLength(12);
      expect(a.maxLimit).toBe("0.00");
      expect(a.route).toEqual(["MANAGER", "BRANCH_CREDIT", "COMMITTEE", "HEAD_OFFICE"]);
    });
  });

  describe("C01 management and company age (lower of the two)", () => {
    const years = (mgmt: number, age: number) => (app: Application) => {
      app.borrower.managementYearsInIndustry = mgmt;
      app.borrower.yearsEstablished = age;
    };
    run(trade, level("C01"), [
      ["10y and 5y is A", years(10, 5), "A"],
      ["9y management is B", years(9, 5), "B"],
      ["4y company age is B", years(10, 4), "B"],
      ["5y and 3y is B", years(5, 3), "B"],
      ["4y management is C", years(4, 3), "C"],
      ["2y company age is C", years(5, 2), "C"],
      ["3y and 1y is C", years(3, 1), "C"],
      ["2y management fails", years(2, 1), "FAIL"],
      ["0y company age fails", years(3, 0), "FAIL"],
    ]);
  });

  describe("C05 DSCR", () => {
    const dscr = (ebitda: string) => (app: Application) => {
      app.annualDebtService = "1000000.00";
      latest(app).ebitda = ebitda;
    };
    run(trade, level("C05"), [
      ["3.0 is A", dscr("3000000.00"), "A"],
      ["just below 3.0 is B", dscr("2999999.99"), "B"],
      ["2.0 is B", dscr("2000000.00"), "B"],
      ["just below 2.0 is C", dscr("1999999.99"), "C"],
      ["1.0 is C", dscr("1000000.00"), "C"],
      ["just below 1.0 fails", dscr("999999.99"), "FAIL"],
      [
        "no debt service is A",
        (app) => {
          app.annualDebtService = "0.00";
          latest(app).ebitda = "0.00";
        },
        "A",
      ],
    ]);
  });

  describe("C06 revenue growth, trade and manufacturing columns", () => {
    const growth = (latestRevenue: string) => (app: Application) => {
      const [l, p] = [...app.financials].sort((a, b) => b.year - a.year);
      if (!l || !p) throw new Error("fixture needs two years");
      p.revenue = "100000000.00";
      l.revenue = latestRevenue;
    };
    describe("trade", () => {
      run(trade, level("C06"), [
        ["+10% is A", growth("110000000.00"), "A"],
        ["just below +10% is B", growth("109999999.99"), "B"],
        ["+5% is B", growth("105000000.00"), "B"],
        ["just below +5% is C", growth("104999999.99"), "C"],
        ["−10% is C", growth("90000000.00"), "C"],
        ["just below −10% fails", growth("89999999.99"), "FAIL"],
      ]);
    });
    describe("manufacturing", () => {
      run(mfg, level("C06"), [
        ["+5% is A", growth("105000000.00"), "A"],
        ["just below +5% is B", growth("104999999.99"), "B"],
        ["0% is B", growth("100000000.00"), "B"],
        ["just below 0% is C", growth("99999999.99"), "C"],
        ["−10% is C", growth("90000000.00"), "C"],
        ["just below −10% fails", growth("89999999.99"), "FAIL"],
      ]);
    });
    it("counts one year of history as not met, with the reason", () => {
      const app = trade();
      app.financials = [latest(app)];
      const c06 = assessed(app).criteria.find((c) => c.id === "C06");
      expect(c06?.level).toBe("FAIL");
      expect(c06?.reason).toContain("insufficient history");
    });
  });

  describe("C07 consecutive profitable years", () => {
    const profits =
      (...values: string[]) =>
      (app: Application) => {
        [...app.financials]
          .sort((a, b) => b.year - a.year)
          .forEach((y, i) => {
            y.operatingProfit = values[i] ?? y.operatingProfit;
          });
      };
    run(trade, level("C07"), [
      ["3 years is A", profits("1.00", "1.00", "1.00"), "A"],
      ["2 years is B", profits("1.00", "1.00", "0.00"), "B"],
      ["1 year is C", profits("1.00", "-1.00", "1.00"), "C"],
      ["a loss in the latest year fails", profits("-0.01", "1.00", "1.00"), "FAIL"],
    ]);
  });

  describe("C09 receivable days and C10 buyer concentration", () => {
    const days = (n: number) => (app: Application) => {
      app.receivableDaysIncrease = n;
    };
    run(trade, level("C09"), [
      ["25 days is A", days(25), "A"],
      ["26 days is B", days(26), "B"],
      ["40 days is B", days(40), "B"],
      ["41 days is C", days(41), "C"],
      ["55 days is C", days(55), "C"],
      ["56 days fails", days(56), "FAIL"],
    ]);
    const conc = (s: string) => (app: Application) => {
      app.buyerConcentration = s;
    };
    run(trade, level("C10"), [
      ["40% is A", conc("0.40"), "A"],
      ["40.01% is B", conc("0.4001"), "B"],
      ["60% is B", conc("0.60"), "B"],
      ["60.01% is C", conc("0.6001"), "C"],
      ["80% is C", conc("0.80"), "C"],
      ["80.01% fails", conc("0.8001"), "FAIL"],
    ]);
  });

  describe("C11 leverage and C12 rigid leverage", () => {
    // Net assets fixed at 40,000,000 so the ratios are exact.
    const leverage = (liabilities: string, assets: string) => (app: Application) => {
      latest(app).totalLiabilities = liabilities;
      latest(app).totalAssets = assets;
    };
    describe("C11 manufacturing", () => {
      run(mfg, level("C11"), [
        ["1.5 is A", leverage("60000000.00", "100000000.00"), "A"],
        ["just above 1.5 is B", leverage("60000000.01", "100000000.01"), "B"],
        ["2.75 is B", leverage("110000000.00", "150000000.00"), "B"],
        ["4.0 is C", leverage("160000000.00", "200000000.00"), "C"],
        ["just above 4.0 fails", leverage("160000000.01", "200000000.01"), "FAIL"],
        ["net assets of zero fail", leverage("100000000.00", "100000000.00"), "FAIL"],
      ]);
    });
    describe("C11 trade", () => {
      run(trade, level("C11"), [
        ["2.5 is A", leverage("100000000.00", "140000000.00"), "A"],
        ["just above 2.5 is B", leverage("100000000.01", "140000000.01"), "B"],
        ["4.5 is B", leverage("180000000.00", "220000000.00"), "B"],
        ["6.0 is C", leverage("240000000.00", "280000000.00"), "C"],
        ["just above 6.0 fails", leverage("240000000.01", "280000000.01"), "FAIL"],
      ]);
    });
    const rigid = (borrowings: string) => (app: Application) => {
      latest(app).totalLiabilities = "60000000.00";
      latest(app).totalAssets = "100000000.00";
      latest(app).bankBorrowings = borrowings;
    };
    describe("C12 manufacturing", () => {
      run(mfg, level("C12"), [
        ["1.0 is A", rigid("40000000.00"), "A"],
        ["just above 1.0 is B", rigid("40000000.01"), "B"],
        ["1.5 is B", rigid("60000000.00"), "B"],
        ["2.0 is C", rigid("80000000.00"), "C"],
        ["just above 2.0 fails", rigid("80000000.01"), "FAIL"],
      ]);
    });
    describe("C12 trade (chosen 3.5 for C)", () => {
      run(trade, level("C12"), [
        ["1.5 is A", rigid("60000000.00"), "A"],
        ["2.5 is B", rigid("100000000.00"), "B"],
        ["just above 2.5 is C", rigid("100000000.01"), "C"],
        ["3.5 is C", rigid("140000000.00"), "C"],
        ["just above 3.5 fails", rigid("140000000.01"), "FAIL"],
      ]);
    });
  });

  describe("client grade from the CSC (chosen rule)", () => {
    const secondaryAtB = (n: number) => (app: Application) => {
      // C09 and C10 are secondary; each set to B, with C06 made B too for the third one.
      if (n >= 1) app.receivableDaysIncrease = 30;
      if (n >= 2) app.buyerConcentration = "0.50";
      if (n >= 3) app.checks.tradeCounterparts = "pass";
      if (n >= 3) {
        const [l, p] = [...app.financials].sort((a, b) => b.year - a.year);
        if (l && p) {
          p.revenue = "150000000.00";
          l.revenue = "160000000.00";
        }
      }
    };
    run(trade, (app) => assessed(app).clientGrade, [
      ["two secondary criteria at B keep grade A", secondaryAtB(2), "A"],
      ["a third secondary criterion at B gives grade B", secondaryAtB(3), "B"],
      [
        "a primary criterion at B gives grade B",
        (app) => {
          app.borrower.managementYearsInIndustry = 7;
        },
        "B",
      ],
      [
        "a special criterion at C gives grade C",
        (app) => {
          latest(app).bankBorrowings = "150000000.00";
          latest(app).totalAssets = "170000000.00";
          latest(app).totalLiabilities = "120000000.00";
        },
        "C",
      ],
      [
        "any FAIL gives grade D",
        (app) => {
          app.checks.interbank = "fail";
        },
        "D",
      ],
    ]);
    it("names the failed criteria in CSC_NOT_MET", () => {
      const app = trade();
      app.checks.interbank = "fail";
      app.receivableDaysIncrease = 90;
      const e = assessed(app).exceptions.find((x) => x.code === "CSC_NOT_MET");
      expect(e?.details.criteria).toEqual(["C04", "C09"]);
    });
  });

  describe("micro CSC failures → grade, cap and coverage", () => {
    const fail = (n: number) => (app: Application) => {
      if (n >= 1) app.checks.utilityBills = "fail";
      if (n >= 2) app.checks.shareholders = "fail";
      if (n >= 3) app.borrower.yearsEstablished = 1;
    };
    run(
      micro,
      (app) => {
        const a = assessed(app);
        return [a.clientGrade, a.maxLimit, a.minCoverage];
      },
      [
        ["0 failures: A, 5,000,000, 100%", fail(0), ["A", "5000000.00", "1.00"]],
        ["1 failure: B, 3,000,000, 100%", fail(1), ["B", "3000000.00", "1.00"]],
        [
          "2 failures: C, 1,000,000 under 2026.1 / 100,000 under 2026.2 (the seed's 10 × 10,000), 95%",
          fail(2),
          [
            "C",
            byVersion(version, { "sme-standard-2026.1": "1000000.00", "sme-standard-2026.2": "100000.00" }),
            "0.95",
          ],
        ],
        ["3 failures: D, 0, 100%", fail(3), ["D", "0.00", "1.00"]],
      ],
    );
    const age = (years: number) => (app: Application) => {
      app.borrower.yearsEstablished = years;
    };
    run(micro, level("M01"), [
      ["2 years of company age pass M01", age(2), "A"],
      ["1 year fails M01", age(1), "FAIL"],
    ]);
    it("fails M05 without three years of revenue (insufficient history)", () => {
      const app = micro();
      app.financials = app.financials.slice(0, 2);
      const m05 = assessed(app).criteria.find((c) => c.id === "M05");
      expect(m05?.level).toBe("FAIL");
      expect(m05?.reason).toContain("insufficient history");
    });
  });

  describe("scorecard bands (§4)", () => {
    const ratio = (ca: string, inv: string, cl: string) => (app: Application) => {
      latest(app).currentAssets = ca;
      latest(app).inventory = inv;
      latest(app).currentLiabilities = cl;
    };
    run(trade, points("CURRENT_RATIO"), [
      ["2.0 scores 10", ratio("100000000.00", "0.00", "50000000.00"), 10],
      ["just below 2.0 scores 7", ratio("99999999.99", "0.00", "50000000.00"), 7],
      ["1.5 scores 7", ratio("75000000.00", "0.00", "50000000.00"), 7],
      ["just below 1.5 scores 3", ratio("74999999.99", "0.00", "50000000.00"), 3],
      ["1.0 scores 3", ratio("50000000.00", "0.00", "50000000.00"), 3],
      ["just below 1.0 scores 0", ratio("49999999.99", "0.00", "50000000.00"), 0],
    ]);
    run(trade, points("QUICK_RATIO"), [
      ["1.0 scores 10", ratio("70000000.00", "20000000.00", "50000000.00"), 10],
      ["just below 1.0 scores 6", ratio("69999999.99", "20000000.00", "50000000.00"), 6],
      ["0.8 scores 6", ratio("60000000.00", "20000000.00", "50000000.00"), 6],
      ["just below 0.8 scores 0", ratio("59999999.99", "20000000.00", "50000000.00"), 0],
    ]);
    const debt = (tl: string) => (app: Application) => {
      latest(app).totalAssets = "100000000.00";
      latest(app).totalLiabilities = tl;
    };
    run(trade, points("DEBT_TO_ASSET"), [
      ["50% scores 10", debt("50000000.00"), 10],
      ["just above 50% scores 5", debt("50000000.01"), 5],
      ["70% scores 5", debt("70000000.00"), 5],
      ["just above 70% scores 0", debt("70000000.01"), 0],
    ]);
    const cover =
      (ebitda: string, interest = "1000000.00") =>
      (app: Application) => {
        latest(app).ebitda = ebitda;
        latest(app).interestExpense = interest;
      };
    run(trade, points("INTEREST_COVERAGE"), [
      ["3 scores 15", cover("3000000.00"), 15],
      ["just below 3 scores 8", cover("2999999.99"), 8],
      ["1.5 scores 8", cover("1500000.00"), 8],
      ["just below 1.5 scores 0", cover("1499999.99"), 0],
      ["no interest scores 15", cover("-5.00", "0.00"), 15],
    ]);
    const cash =
      (ocf: string, np: string, capex = "0.00") =>
      (app: Application) => {
        latest(app).operatingCashFlow = ocf;
        latest(app).netProfit = np;
        latest(app).capex = capex;
      };
    run(trade, points("CASH_FLOW_QUALITY"), [
      ["OCF/NP of 20% scores 10", cash("200000.00", "1000000.00"), 10],
      ["just below 20% with OCF positive scores 5", cash("199999.99", "1000000.00"), 5],
      ["positive OCF with a loss scores 5", cash("1.00", "-1000000.00"), 5],
      ["non-positive OCF scores 0", cash("0.00", "1000000.00"), 0],
    ]);
    run(trade, points("FREE_CASH_FLOW"), [
      ["OCF above capex scores 5", cash("100.01", "1.00", "100.00"), 5],
      ["OCF equal to capex scores 0", cash("100.00", "1.00", "100.00"), 0],
    ]);
    const history = (o30: number, o89: number, o90: number, inq: number) => (app: Application) => {
      app.creditHistory = { overdues30: o30, overdues31to89: o89, overdues90: o90, inquiries6m: inq };
    };
    run(trade, points("CREDIT_HISTORY"), [
      ["3 inquiries cost nothing", history(0, 0, 0, 3), 30],
      ["4 inquiries cost 3", history(0, 0, 0, 4), 27],
      ["5 inquiries cost 3", history(0, 0, 0, 5), 27],
      ["6 inquiries cost 8", history(0, 0, 0, 6), 22],
      ["overdues cost 5, 10 and 20 each", history(1, 1, 0, 0), 15],
      ["the line is floored at 0", history(0, 0, 2, 6), 0],
    ]);
    const margins = (m0: string, m1: string, m2: string) => (app: Application) => {
      const ys = [...app.financials].sort((a, b) => b.year - a.year);
      [m0, m1, m2].forEach((gp, i) => {
        const y = ys[i];
        if (y) {
          y.revenue = "100000000.00";
          y.grossProfit = gp;
        }
      });
    };
    run(trade, points("GROSS_MARGIN_TREND"), [
      ["falls of exactly 5 points keep the 5", margins("10000000.00", "15000000.00", "20000000.00"), 5],
      ["falls above 5 points in both years lose it", margins("9999999.99", "15000000.00", "20000000.01"), 0],
      ["a steep fall in one year only keeps it", margins("5000000.00", "15000000.00", "16000000.00"), 5],
    ]);
  });

  describe("ratings (§4)", () => {
    it.each([
      [90, "AAA", "<1%"],
      [89, "AA", "1%-3%"],
      [80, "AA", "1%-3%"],
      [79, "A", "3%-10%"],
      [60, "A", "3%-10%"],
      [59, "B", ">10%"],
    ])("score %i is %s (%s)", async (score, rating, band) => {
      const { ratingFor } = await import("../../../domain/assessment/scorecard");
      const { getPolicy } = await import("../../../domain");
      expect(ratingFor(score, getPolicy(version))).toEqual({ rating, pdBand: band });
    });
  });

  describe("limits, collateral, sub-limits and tenors (§5)", () => {
    it.each([
      ["A", 2, "manufacturing", "199999999.99", "19999999.99"],
      ["A", 2, "wholesale", "199999999.99", "19999999.99"],
      ["A", 3, "manufacturing", "390000000.00", "39000000.00"],
      ["B", 1, "manufacturing", "79999999.99", "7500000.00"],
      ["B", 3, "wholesale", "390000000.00", "39000000.00"],
      ["B", 3, "manufacturing", "390000000.00", "25000000.00"],
      ["C", 2, "retail", "150000000.00", "9000000.00"],
      ["C", 3, "retail", "390000000.00", "30000000.00"],
      ["C", 3, "services", "390000000.00", "15000000.00"],
    ])("grade %s, sales grade %i, %s, sales %s → max limit %s", (grade, sg, sector, revenue, limit) => {
      const app = trade();
      app.borrower.sector = sector as Application["borrower"]["sector"];
      // Every year at the same revenue: flat growth moves only one secondary criterion, never the grade.
      for (const y of app.financials) y.revenue = revenue;
      if (grade === "B") app.borrower.managementYearsInIndustry = 7;
      if (grade === "C") app.borrower.managementYearsInIndustry = 4;
      const a = assessed(app);
      expect([a.clientGrade, a.salesGrade, a.maxLimit]).toEqual([grade, sg, limit]);
    });

    const secured = (value: string) => (app: Application) => {
      app.facilities = [{ type: "working_capital", amount: "10000000.00", tenorMonths: 12 }];
      app.collateral = [{ type: "deposit", appraisedValue: value }];
    };
    run(trade, (app) => codes(assessed(app)).includes("COLLATERAL_SHORTFALL"), [
      ["secured value exactly at 50% coverage holds", secured("5000000.00"), false],
      ["one fen short is a shortfall", secured("4999999.99"), true],
    ]);

    const equipment = (amount: string) => (app: Application) => {
      app.facilities = [
        { type: "working_capital", amount: (10000000 - Number(amount)).toFixed(2), tenorMonths: 12 },
        { type: "equipment", amount, tenorMonths: 36 },
      ];
    };
    run(trade, (app) => codes(assessed(app)).includes("SUBLIMIT_EXCEEDED"), [
      [
        "equipment at exactly 60% of the total is within its sub-limit (grade A)",
        equipment("6000000.00"),
        false,
      ],
      ["one fen more exceeds it", equipment("6000000.01"), true],
    ]);

    const tenor = (type: Application["facilities"][number]["type"], months: number) => (app: Application) => {
      app.facilities = [{ type, amount: "1000000.00", tenorMonths: months }];
    };
    run(trade, (app) => codes(assessed(app)).includes("TENOR_EXCEEDED"), [
      ["working capital at 12 months", tenor("working_capital", 12), false],
      ["working capital at 13 months", tenor("working_capital", 13), true],
      ["guarantee at 36 months", tenor("non_financing_guarantee", 36), false],
      ["guarantee at 37 months", tenor("non_financing_guarantee", 37), true],
      ["plant at 60 months", tenor("plant_construction", 60), false],
      ["plant at 61 months", tenor("plant_construction", 61), true],
      ["property at 120 months", tenor("property_purchase", 120), false],
      ["property at 121 months", tenor("property_purchase", 121), true],
    ]);
    run(
      micro,
      (app) => codes(assessed(app)).filter((c) => c === "TENOR_EXCEEDED" || c === "SUBLIMIT_EXCEEDED"),
      [
        ["micro plant construction at 36 months", tenor("plant_construction", 36), ["SUBLIMIT_EXCEEDED"]],
        [
          "micro plant construction at 37 months",
          tenor("plant_construction", 37),
          ["SUBLIMIT_EXCEEDED", "TENOR_EXCEEDED"],
        ],
        [
          "micro guarantee has no tenor check but a 0% share",
          tenor("non_financing_guarantee", 99),
          ["SUBLIMIT_EXCEEDED"],
        ],
      ],
    );

    const margin = (pct: string | undefined) => (app: Application) => {
      app.facilities = [
        { type: "working_capital", amount: "5000000.00", tenorMonths: 12 },
        {
          type: "non_financing_guarantee",
          amount: "2000000.00",
          tenorMonths: 12,
          ...(pct ? { marginPct: pct } : {}),
        },
      ];
    };
    run(mfg, (app) => codes(assessed(app)).includes("GUARANTEE_MARGIN_LOW"), [
      ["a 20% margin is enough for a manufacturer", margin("0.20"), false],
      ["19.99% is too low", margin("0.1999"), true],
      ["no margin is too low", margin(undefined), true],
    ]);
    run(trade, (app) => codes(assessed(app)).includes("GUARANTEE_MARGIN_LOW"), [
      ["a wholesaler needs no margin", margin(undefined), false],
    ]);
  });

  describe("guarantors (§5)", () => {
    // The guaranteed amount equals the requested total, so 2026.1 (net assets against the guaranteed
    // amount) and 2026.2 (against the loan) draw the line at the same 15,000,000.
    const guarantor = (patch: Partial<Application["guarantors"][number]>) => (app: Application) => {
      app.facilities = [{ type: "working_capital", amount: "10000000.00", tenorMonths: 12 }];
      app.guarantors = [
        {
          id: "G-1",
          kind: "company",
          name: "Guarantor Co.",
          netAssets: "15000000.00",
          annualRevenue: "5000000.01",
          overdueLast3m: false,
          majorLitigation: false,
          guaranteedAmount: "10000000.00",
          ...patch,
        },
      ];
    };
    run(trade, (app) => codes(assessed(app)).includes("GUARANTOR_INELIGIBLE"), [
      [
        "net assets of exactly 1.5 × the guarantee and revenue above 5,000,000 are eligible",
        guarantor({}),
        false,
      ],
      ["one fen less net assets is ineligible", guarantor({ netAssets: "14999999.99" }), true],
      [
        "company revenue of exactly 5,000,000 is ineligible",
        guarantor({ annualRevenue: "5000000.00" }),
        true,
      ],
      ["an individual needs no revenue", guarantor({ kind: "individual", annualRevenue: "0.00" }), false],
      ["an overdue in the last 3 months is ineligible", guarantor({ overdueLast3m: true }), true],
      ["major litigation is ineligible", guarantor({ majorLitigation: true }), true],
      [
        "guaranteeing 4,000,000 of a 10,000,000 loan with net assets of 14,999,999.99: 2026.1 measures 1.5 × 4,000,000, 2026.2 1.5 × the loan",
        guarantor({ guaranteedAmount: "4000000.00", netAssets: "14999999.99" }),
        byVersion(version, { "sme-standard-2026.1": false, "sme-standard-2026.2": true }),
      ],
      [
        "guaranteeing 12,000,000 of a 10,000,000 loan with net assets of 15,000,000: short of 1.5 × 12,000,000 only",
        guarantor({ guaranteedAmount: "12000000.00" }),
        byVersion(version, { "sme-standard-2026.1": true, "sme-standard-2026.2": false }),
      ],
    ]);
    it("names the base it measured net assets against", () => {
      const app = trade();
      guarantor({ netAssets: "1.00" })(app);
      const reasons = assessed(app).exceptions.find((e) => e.code === "GUARANTOR_INELIGIBLE")?.details
        .reasons;
      expect(reasons).toContain(
        byVersion(version, {
          "sme-standard-2026.1": "net assets below 1.5 × guaranteed amount",
          "sme-standard-2026.2": "net assets below 1.5 × the requested total",
        }),
      );
    });

    it("finds a guarantee circle through a chain of guarantors", () => {
      const app = trade();
      const base = {
        kind: "individual" as const,
        netAssets: "90000000.00",
        annualRevenue: "0.00",
        overdueLast3m: false,
        majorLitigation: false,
        guaranteedAmount: "1.00",
      };
      app.guarantors = [
        { ...base, id: "G-1", name: "One", guaranteedBy: ["G-2"] },
        { ...base, id: "G-2", name: "Two", guaranteedBy: ["BORROWER"] },
        { ...base, id: "G-3", name: "Three", guaranteedBy: ["EXTERNAL-9"] },
      ];
      const circles = assessed(app).exceptions.filter((e) => e.code === "GUARANTEE_CIRCLE");
      expect(circles.map((e) => e.details.id)).toEqual(["G-1", "G-2"]);
      expect(circles[0]?.details.chain).toEqual(["G-1", "G-2", "BORROWER"]);
    });
  });

  describe("target market and auto-decline", () => {
    const industry = (code: string) => (app: Application) => {
      app.borrower.industryCode = code;
    };
    run(
      trade,
      (app) => {
        const a = assessed(app);
        return [a.autoDecline, codes(a).includes("INDUSTRY_RESTRICTED"), a.route.length];
      },
      [
        [
          "K7010 real-estate development is prohibited",
          industry("K7010"),
          [["INDUSTRY_PROHIBITED"], false, 0],
        ],
        ["C3011 cement is restricted", industry("C3011"), [null, true, 4]],
        ["C3110 ferrous smelting is restricted by its C31 prefix", industry("C3110"), [null, true, 4]],
        ["C3012 is not cement", industry("C3012"), [null, false, 3]],
      ],
    );
    it("auto-declines real-estate development and project loans without a route", () => {
      const app = trade();
      app.facilities.push({ type: "project_loan", amount: "1000000.00", tenorMonths: 240 });
      const a = assessed(app);
      expect(a.autoDecline).toEqual(["PRODUCT_NOT_ELIGIBLE"]);
      expect(a.route).toEqual([]);
      expect(a.requestedTotal).toBe("16000000.00");
      expect(codes(a)).not.toContain("TENOR_EXCEEDED");
    });
  });

  describe("approval route (§6)", () => {
    const amount = (value: string) => (app: Application) => {
      app.facilities = [{ type: "working_capital", amount: value, tenorMonths: 12 }];
      app.collateral = [{ type: "deposit", appraisedValue: "20000000.00" }];
    };
    run(trade, (app) => assessed(app).route, [
      [
        "10,000,000 stays within branch credit authority",
        amount("10000000.00"),
        ["MANAGER", "BRANCH_CREDIT"],
      ],
      ["10,000,000.01 goes to committee", amount("10000000.01"), ["MANAGER", "BRANCH_CREDIT", "COMMITTEE"]],
      [
        "grade C goes to committee",
        (app) => {
          amount("1000000.00")(app);
          app.borrower.managementYearsInIndustry = 4;
        },
        ["MANAGER", "BRANCH_CREDIT", "COMMITTEE"],
      ],
      [
        "an exception goes to committee and head office",
        (app) => {
          amount("1000000.00")(app);
          app.borrower.industryCode = "C3041";
        },
        ["MANAGER", "BRANCH_CREDIT", "COMMITTEE", "HEAD_OFFICE"],
      ],
    ]);
  });
});
