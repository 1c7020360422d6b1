import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  DOMAIN_EVENT_TYPES,
  type DomainEvent,
  domainEvents,
  DOMAIN_EVENT_TYPES as TYPES,
} from "../../../domain/events/domain-events";
import { domainEventJsonSchemas, domainEventSchema } from "../../../domain/events/schemas";
import { finalizeStep } from "../../../functions/app/workflow/finalize";
import { fromRoot } from "../../../infra/aws/paths";
import { fixture } from "../../support/applications";
import { memoryWorld } from "../../support/memory-ports";
import { caseAtFirstStage, chainedTrail, decideAs, openNextStage } from "../../support/memory-workflow";

const chained = chainedTrail;

function small() {
  const app = fixture("a2-wholesale");
  app.applicationId = `APP-EVT-${Math.random().toString(36).slice(2)}`;
  app.facilities = [
    { type: "working_capital", amount: "4000000.00", tenorMonths: 12 },
    { type: "equipment", amount: "1000000.50", tenorMonths: 36 },
  ];
  return app;
}

describe("domain events from a trail", () => {
  it("names an approved case's facts in trail order, each with its seq, version and hashes", async () => {
    const world = memoryWorld();
    const { caseId } = await caseAtFirstStage(world, small());
    await decideAs(world, caseId, "mgr.wang", "approve");
    await openNextStage(world, caseId);
    await decideAs(world, caseId, "bc.liu", "approve");
    await finalizeStep(world.deps, { caseId, status: "APPROVED" });
    const trail = chained(world, caseId);
    const events = domainEvents(trail);

    expect(events.map((e) => e.type)).toEqual([
      "CaseSubmitted",
      "CaseAssessed",
      "StageDecided",
      "StageDecided",
      "CaseApproved",
    ]);
    for (const e of events) {
      const source = trail.find((t) => t.seq === e.seq);
      expect(e).toMatchObject({
        id: `${caseId}/${e.seq}`,
        caseId,
        caseVersion: 1,
        hash: source?.hash,
        prevHash: source?.prevHash,
        at: source?.at,
      });
    }
    const seqs = events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    for (const e of events) expect(conforms(e), e.type).toEqual([]);
    const approved = events.at(-1);
    if (approved?.type !== "CaseApproved") throw new Error("no CaseApproved");
    expect(approved.data.approvedTotal).toBe("5000000.50");
    expect(approved.data.facilities.map((f) => f.amount)).toEqual(["4000000.00", "1000000.50"]);
    expect(approved.data.conditions.map((c) => c.code)).toContain("EQUIPMENT_PLEDGED");
    expect(events.filter((e) => e.type === "StageDecided").map((e) => e.data)).toEqual([
      { stage: "MANAGER", outcome: "approve" },
      { stage: "BRANCH_CREDIT", outcome: "approve" },
    ]);
  });

  it("tells a declined and a returned case apart, with their reasons", async () => {
    for (const [decision, status, type] of [
      ["decline", "DECLINED", "CaseDeclined"],
      ["return", "RETURNED", "CaseReturned"],
    ] as const) {
      const world = memoryWorld();
      const { caseId } = await caseAtFirstStage(world, small());
      await decideAs(world, caseId, "mgr.wang", decision);
      await finalizeStep(world.deps, { caseId, status });
      const last = domainEvents(chained(world, caseId)).at(-1);
      expect(last?.type).toBe(type);
      expect(last?.data).toMatchObject({ reasons: [`MANAGER: ${decision}`] });
      if (last) expect(conforms(last)).toEqual([]);
    }
  });

  it("maps nothing else: opened stages, individual decisions and mails stay internal", async () => {
    const world = memoryWorld();
    const { caseId } = await caseAtFirstStage(world, small());
    const trail = chained(world, caseId);
    expect(trail.map((e) => e.type)).toContain("STAGE_OPENED");
    expect(domainEvents(trail).map((e) => e.type)).toEqual(["CaseSubmitted", "CaseAssessed"]);
    expect(DOMAIN_EVENT_TYPES).toHaveLength(8);
  });
});

/** The schema's problems with an event, as path: message lines (none when it conforms). */
function conforms(e: DomainEvent): string[] {
  const parsed = domainEventSchema(e.type).safeParse(e);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

describe("the domain events' JSON Schemas in docs/events", () => {
  it("are the ones the schemas give (npm run event-schemas writes them)", () => {
    const generated = domainEventJsonSchemas();
    for (const type of TYPES) {
      const file = JSON.parse(readFileSync(fromRoot(`docs/events/${type}.schema.json`), "utf8"));
      expect(file, `docs/events/${type}.schema.json is stale: run npm run event-schemas`).toEqual(
        generated[type],
      );
    }
  });

  it("refuse an event whose hash or data is wrong", () => {
    const bad = {
      type: "CaseStalled",
      hash: "not-a-hash",
      data: { stage: "NOWHERE", attempt: 0 },
    } as unknown;
    expect(conforms(bad as DomainEvent)).toEqual(
      expect.arrayContaining([
        "hash: a SHA-256 in hex",
        expect.stringMatching(/^data\.stage: /),
        expect.stringMatching(/^data\.attempt: /),
      ]),
    );
  });
});
