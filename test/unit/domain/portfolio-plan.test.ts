import { describe, expect, it } from "vitest";
import {
  BUILT_IN_PORTFOLIO_PLANS,
  capsOf,
  contentHash,
  createPortfolioRegistry,
  DEFAULT_PORTFOLIO_PLAN_ID,
  PORTFOLIO_PLANS,
  parsePortfolioPlan,
  registryWithPlanFile,
  releasedMismatches,
} from "../../../domain";
import released from "../../../domain/portfolio/plans/released.json";
import { planFile } from "../../support/portfolio";

type Raw = Record<string, unknown> & ReturnType<typeof planFile>;

function problemsOf(edit: (p: Raw) => void): string[] {
  const data = planFile() as Raw;
  edit(data);
  const parsed = parsePortfolioPlan(data);
  if (parsed.ok) return [];
  return parsed.error.map((p) => p.path);
}

describe("portfolio plan as data", () => {
  it("loads the default plan with its content hash, pinned in released.json", () => {
    const plan = PORTFOLIO_PLANS.get();
    expect(plan.id).toBe(DEFAULT_PORTFOLIO_PLAN_ID);
    expect(plan.hash).toBe(contentHash(BUILT_IN_PORTFOLIO_PLANS[plan.id]));
    expect(releasedMismatches(PORTFOLIO_PLANS, released)).toEqual([]);
  });

  it("notices a released plan edited, dropped or registered unpinned", () => {
    const edited = planFile();
    edited.exceptionCap.share = "0.11";
    const registry = createPortfolioRegistry(
      { [DEFAULT_PORTFOLIO_PLAN_ID]: edited },
      DEFAULT_PORTFOLIO_PLAN_ID,
    );
    expect(releasedMismatches(registry, released)).toEqual([
      expect.stringMatching(/^sme-portfolio-2026\.1: released as sha256:\w+, now hashes to sha256:\w+$/),
    ]);
    const extra = { ...planFile(), planId: "sme-portfolio-2027.1" };
    const wider = createPortfolioRegistry(
      { ...BUILT_IN_PORTFOLIO_PLANS, [extra.planId]: extra },
      DEFAULT_PORTFOLIO_PLAN_ID,
    );
    expect(releasedMismatches(wider, released)).toEqual([
      "sme-portfolio-2027.1: registered but not pinned in released.json",
    ]);
  });

  it("gives every cap its limit as a share of the program limit, rounded down to the fen", () => {
    const caps = capsOf(PORTFOLIO_PLANS.get());
    const limits = Object.fromEntries([...caps.values()].map((c) => [c.id, [c.limit.toFixed(2), c.hard]]));
    expect(limits).toEqual({
      PROGRAM: ["5000000000.00", true],
      "INDUSTRY:C30": ["750000000.00", false],
      "INDUSTRY:C31": ["250000000.00", false],
      "INDUSTRY:C32": ["250000000.00", false],
      "INDUSTRY:B06": ["250000000.00", false],
      EXCEPTIONS: ["500000000.00", false],
      "FACILITY:equipment": ["1000000000.00", false],
      "FACILITY:plant_construction": ["1000000000.00", false],
      "FACILITY:property_purchase": ["1000000000.00", false],
      "FACILITY:non_financing_guarantee": ["1000000000.00", false],
      FACILITY_TYPES_TOGETHER: ["2250000000.00", false],
      "UPGRADE:DtoC": ["750000000.00", false],
      "UPGRADE:CtoB": ["500000000.00", false],
      "UPGRADE:BtoA": ["500000000.00", false],
      "CLUSTER:SHIYAN-AUTO": ["3243000000.00", true],
      "CLUSTER_CLIENT:SHIYAN-AUTO": ["20000000.00", true],
    });
  });

  it("rounds a share's limit down, never granting a fen more than the share", () => {
    const data = planFile();
    data.planId = "sme-portfolio-2026.1-odd";
    data.programLimit.amount = "1000.03";
    data.exceptionCap.share = "0.333333";
    const parsed = parsePortfolioPlan(data);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
    expect(capsOf(parsed.value).get("EXCEPTIONS")?.limit.toFixed(2)).toBe("333.34");
  });

  it("writes every reading it chose beside its datum", () => {
    const p = planFile();
    const notes = [
      p.notes,
      p.programLimit.notes,
      p.exceptionCap.notes,
      p.facilityTypeCaps.notes,
      p.gradeUpgradeQuotas.notes,
      ...p.industryCaps.map((c) => c.notes),
      ...p.clusters.flatMap((c) => [c.notes, c.terms.notes]),
    ];
    expect(notes.every((n) => typeof n === "string" && n.length > 20)).toBe(true);
  });

  it.each([
    [
      "a share above 1",
      (p: Raw) => (p.industryCaps[0] = { ...p.industryCaps[0], share: "1.5" } as never),
      "$.industryCaps[0].share",
    ],
    [
      "a share as a number",
      (p: Raw) => ((p.exceptionCap as { share: unknown }).share = 0.1),
      "$.exceptionCap.share",
    ],
    ["money with 3 decimals", (p: Raw) => (p.programLimit.amount = "100.001"), "$.programLimit.amount"],
    ["a zero program", (p: Raw) => (p.programLimit.amount = "0.00"), "$.programLimit.amount"],
    ["hard missing", (p: Raw) => delete (p.programLimit as { hard?: boolean }).hard, "$.programLimit.hard"],
    [
      "an industry prefix that is no code",
      (p: Raw) => ((p.industryCaps[1] as { prefix: string }).prefix = "c31"),
      "$.industryCaps[1].prefix",
    ],
    [
      "a duplicate industry prefix",
      (p: Raw) => ((p.industryCaps[1] as { prefix: string }).prefix = "C30"),
      "$.industryCaps[1].prefix",
    ],
    [
      "an unknown facility type",
      (p: Raw) => ((p.facilityTypeCaps.types as string[])[0] = "yacht"),
      "$.facilityTypeCaps.types[0]",
    ],
    [
      "an upgrade quota missing",
      (p: Raw) => delete (p.gradeUpgradeQuotas as { BtoA?: string }).BtoA,
      "$.gradeUpgradeQuotas.BtoA",
    ],
    [
      "a cluster id with a colon",
      (p: Raw) => ((p.clusters[0] as { clusterId: string }).clusterId = "A:B"),
      "$.clusters[0].clusterId",
    ],
    [
      "a per-client max above the cluster limit",
      (p: Raw) => ((p.clusters[0] as { perClientMax: string }).perClientMax = "3243000000.01"),
      "$.clusters[0].perClientMax",
    ],
    [
      "cluster terms missing",
      (p: Raw) => delete (p.clusters[0] as { terms?: unknown }).terms,
      "$.clusters[0].terms",
    ],
    ["a bad plan id", (p: Raw) => (p.planId = "Portfolio 1"), "$.planId"],
  ])("refuses a plan with %s, naming the field", (_what, edit, path) => {
    expect(problemsOf(edit)).toEqual([path]);
  });

  it("loads a plan file as the default beside the built-in plans", () => {
    const file = planFile();
    file.planId = "sme-portfolio-2026.1-tiny";
    file.programLimit.amount = "30000000.00";
    const loaded = registryWithPlanFile(JSON.parse(JSON.stringify(file)));
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
    expect(loaded.value.defaultId).toBe("sme-portfolio-2026.1-tiny");
    expect(loaded.value.get().programAmount.toFixed(2)).toBe("30000000.00");
    expect(loaded.value.get(DEFAULT_PORTFOLIO_PLAN_ID).hash).toBe(PORTFOLIO_PLANS.get().hash);
  });

  it("refuses a plan file that reuses a built-in id with other content, and a broken one by field", () => {
    const file = planFile();
    file.programLimit.amount = "30000000.00";
    const reused = registryWithPlanFile(file);
    expect(reused.ok ? [] : reused.error).toEqual([
      {
        path: "$.planId",
        message: expect.stringMatching(/built-in plan .* give a changed plan a new planId/),
      },
    ]);
    expect(registryWithPlanFile(planFile()).ok).toBe(true);
    const broken = registryWithPlanFile({ ...planFile(), clusters: "none" });
    expect(broken.ok ? [] : broken.error.map((p) => p.path)).toEqual(["$.clusters"]);
  });
});

describe("portfolio plan cross-checks", () => {
  it("names a bad amount without tripping over it in the checks across fields", () => {
    const paths = problemsOf((p) => {
      (p.clusters[0] as { limit: string }).limit = "lots";
    });
    expect([...new Set(paths)]).toEqual(["$.clusters[0].limit"]);
  });
});
