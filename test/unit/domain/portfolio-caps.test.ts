import { describe, expect, it } from "vitest";
import {
  bookTotals,
  checkPortfolio,
  type Exposure,
  type PortfolioPlan,
  portfolioImpact,
  portfolioLimitFinding,
  utilisation,
} from "../../../domain";
import { exposure, planWith, uscc } from "../../support/portfolio";

/** A program of 1,000.00 so every share is a round figure: C30 150, exceptions 100, each type 200… */
const plan: PortfolioPlan = planWith((p) => {
  p.programLimit.amount = "1000.00";
  p.clusters[0] = { ...p.clusters[0], limit: "300.00", perClientMax: "120.00" } as (typeof p.clusters)[0];
});

const capsHit = (book: Exposure[], e: Exposure, reserved: Exposure[] = []) =>
  checkPortfolio(plan, bookTotals(plan, book), bookTotals(plan, reserved), e).map((b) => b.cap);

describe("portfolio caps", () => {
  it("allows the program exactly at its limit and breaches it one fen over, counting reservations", () => {
    const book = [exposure({ caseId: "B1", total: "900.00" })];
    const reserved = [exposure({ caseId: "R1", total: "50.00" })];
    expect(capsHit(book, exposure({ caseId: "X", total: "50.00" }), reserved)).toEqual([]);
    const over = exposure({ caseId: "X", total: "50.01" });
    expect(checkPortfolio(plan, bookTotals(plan, book), bookTotals(plan, reserved), over)).toEqual([
      {
        cap: "PROGRAM",
        counter: "PROGRAM",
        limit: "1000.00",
        used: "900.00",
        reserved: "50.00",
        headroom: "50.00",
        amount: "50.01",
        hard: true,
      },
    ]);
  });

  it("caps an industry by code prefix, softly, and leaves other industries alone", () => {
    const cement = (caseId: string, total: string) => exposure({ caseId, total, industryCode: "C3011" });
    expect(capsHit([cement("B1", "100.00")], cement("X", "50.00"))).toEqual([]);
    const breach = checkPortfolio(plan, bookTotals(plan, [cement("B1", "100.00")]), {}, cement("X", "50.01"));
    expect(breach.map((b) => [b.cap, b.hard, b.headroom])).toEqual([["INDUSTRY:C30", false, "50.00"]]);
    // A book already past the C30 cap does not stop a case in another industry.
    expect(capsHit([cement("B1", "160.00")], exposure({ caseId: "X", total: "10.00" }))).toEqual([]);
  });

  it("counts an exposure towards the exception cap when it carries an exception other than PORTFOLIO_LIMIT", () => {
    const withException = (caseId: string, total: string, codes: string[]) =>
      exposure({ caseId, total, exceptionCodes: codes });
    const book = [withException("B1", "60.00", ["LIMIT_EXCEEDED"]), withException("B2", "500.00", [])];
    expect(bookTotals(plan, book).EXCEPTIONS).toBe("60.00");
    expect(capsHit(book, withException("X", "40.00", ["COLLATERAL_SHORTFALL"]))).toEqual([]);
    expect(capsHit(book, withException("X", "40.01", ["COLLATERAL_SHORTFALL"]))).toEqual(["EXCEPTIONS"]);
    expect(capsHit(book, withException("X", "40.01", ["PORTFOLIO_LIMIT"]))).toEqual([]);
  });

  it("caps each listed facility type at 20% and the four together at 45%", () => {
    const mix = (caseId: string, facilities: Exposure["facilities"]) => exposure({ caseId, facilities });
    const full = mix("X", { equipment: "200.00", plant_construction: "200.00", property_purchase: "50.00" });
    expect(capsHit([], full)).toEqual([]);
    expect(bookTotals(plan, [full]).FACILITY_TYPES_TOGETHER).toBe("450.00");
    const together = mix("X", {
      equipment: "200.00",
      plant_construction: "200.00",
      property_purchase: "50.01",
    });
    expect(capsHit([], together)).toEqual(["FACILITY_TYPES_TOGETHER"]);
    const each = mix("X", { equipment: "200.01", working_capital: "500.00" });
    expect(capsHit([], each)).toEqual(["FACILITY:equipment"]);
    expect(capsHit([], mix("X", { working_capital: "999.99" }))).toEqual([]);
  });

  it("keeps the grade-upgrade quotas per step, a two-step lift counting under both", () => {
    const upgraded = (caseId: string, total: string, upgrades: Exposure["upgrades"]) =>
      exposure({ caseId, total, upgrades, clientGrade: upgrades[0] === "DtoC" ? "D" : "A" });
    const book = [upgraded("B1", "100.00", ["DtoC"]), upgraded("B2", "90.00", ["CtoB", "BtoA"])];
    expect(bookTotals(plan, book)).toMatchObject({
      "UPGRADE:DtoC": "100.00",
      "UPGRADE:CtoB": "90.00",
      "UPGRADE:BtoA": "90.00",
    });
    expect(capsHit(book, upgraded("X", "50.00", ["DtoC"]))).toEqual([]);
    expect(capsHit(book, upgraded("X", "50.01", ["DtoC"]))).toEqual(["UPGRADE:DtoC"]);
    expect(capsHit(book, upgraded("X", "10.01", ["BtoA"]))).toEqual(["UPGRADE:BtoA"]);
    expect(capsHit(book, upgraded("X", "10.01", ["CtoB", "BtoA"]))).toEqual(["UPGRADE:CtoB", "UPGRADE:BtoA"]);
  });

  it("caps a cluster's total and each client's share of it, clients by party id", () => {
    const member = (caseId: string, total: string, party: number | null) =>
      exposure({
        caseId,
        total,
        clusterId: "SHIYAN-AUTO",
        industryCode: "C3670",
        partyId: party === null ? null : uscc(party),
      });
    const book = [member("B1", "100.00", 1), member("B2", "100.00", 2), member("B3", "20.00", 3)];
    expect(bookTotals(plan, book)).toMatchObject({
      "CLUSTER:SHIYAN-AUTO": "220.00",
      [`CLUSTER_CLIENT:SHIYAN-AUTO:${uscc(1)}`]: "100.00",
    });
    expect(capsHit(book, member("X", "20.00", 1))).toEqual([]);
    const perClient = checkPortfolio(plan, bookTotals(plan, book), {}, member("X", "20.01", 1));
    expect(perClient.map((b) => [b.cap, b.counter, b.headroom, b.hard])).toEqual([
      ["CLUSTER_CLIENT:SHIYAN-AUTO", `CLUSTER_CLIENT:SHIYAN-AUTO:${uscc(1)}`, "20.00", true],
    ]);
    expect(capsHit(book, member("X", "80.00", 4))).toEqual([]);
    expect(capsHit(book, member("X", "80.01", 4))).toEqual(["CLUSTER:SHIYAN-AUTO"]);
    // Without a party id a case is its own client: the per-client cap sees it alone.
    expect(capsHit(book, member("X", "80.00", null))).toEqual([]);
    expect(capsHit(book, member("X", "120.01", null))).toEqual([
      "CLUSTER:SHIYAN-AUTO",
      "CLUSTER_CLIENT:SHIYAN-AUTO",
    ]);
    // A cluster the plan does not know has no cluster caps.
    expect(capsHit([], exposure({ caseId: "X", total: "500.00", clusterId: "ELSEWHERE" }))).toEqual([]);
  });

  it("lists every breach of one case in cap order", () => {
    const e = exposure({
      caseId: "X",
      facilities: { equipment: "600.00", working_capital: "500.00" },
      industryCode: "C3011",
      exceptionCodes: ["LIMIT_EXCEEDED"],
      upgrades: ["DtoC"],
      clientGrade: "D",
    });
    expect(capsHit([], e)).toEqual([
      "PROGRAM",
      "INDUSTRY:C30",
      "EXCEPTIONS",
      "FACILITY:equipment",
      "FACILITY_TYPES_TOGETHER",
      "UPGRADE:DtoC",
    ]);
  });

  it("shows what a case would do to every cap it touches, breached or not", () => {
    const e = exposure({ caseId: "X", total: "100.00", industryCode: "C3011" });
    const impact = portfolioImpact(plan, { PROGRAM: "10.00" }, { "INDUSTRY:C30": "60.00" }, e);
    expect(impact.map((i) => [i.cap, i.after, i.breach])).toEqual([
      ["PROGRAM", "110.00", false],
      ["INDUSTRY:C30", "160.00", true],
    ]);
    const rows = utilisation(plan, bookTotals(plan, [e]), {});
    expect(rows.find((r) => r.cap === "INDUSTRY:C30")).toMatchObject({ used: "100.00", headroom: "50.00" });
    expect(rows.map((r) => r.cap)).toContain("CLUSTER:SHIYAN-AUTO");
  });

  it("words the PORTFOLIO_LIMIT exception with the cap, the headroom and the amount", () => {
    const [breach] = checkPortfolio(
      plan,
      { PROGRAM: "990.00" },
      {},
      exposure({ caseId: "X", total: "25.00" }),
    );
    if (!breach) throw new Error("expected a breach");
    const finding = portfolioLimitFinding(plan.id, breach);
    expect(finding).toEqual({
      code: "PORTFOLIO_LIMIT",
      message:
        "25.00 would take PROGRAM past its hard limit of 1000.00: headroom 10.00 (used 990.00, reserved 0.00)",
      details: { planId: plan.id, ...breach },
    });
  });
});
