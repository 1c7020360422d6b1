import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import type { DynamoDBRecord } from "aws-lambda";
import { describe, expect, it } from "vitest";
import type { DomainEvent } from "../../../domain/events/domain-events";
import { createEventBridgeBus } from "../../../functions/adapters/aws/eventbridge-bus";
import { appendedOf } from "../../../functions/adapters/aws/stream-records";
import { eventSk } from "../../../functions/adapters/aws/table";
import { publishAppended } from "../../../functions/app/events/publish";
import type { TrailReader } from "../../../functions/app/ports";
import { finalizeStep } from "../../../functions/app/workflow/finalize";
import { fixture } from "../../support/applications";
import { memoryTelemetry, memoryWorld } from "../../support/memory-ports";
import { caseAtFirstStage, chainedTrail, decideAs, type World } from "../../support/memory-workflow";

/** The memory store's trails, chained as the table keeps them. */
function trails(world: World): TrailReader {
  return {
    async readTrail(caseId) {
      const chained = chainedTrail(world, caseId);
      return {
        caseId,
        state: undefined,
        items: chained.map((event) => ({ key: eventSk(event.seq), position: event.seq, event })),
      };
    },
  };
}

async function declinedCase(world: World): Promise<string> {
  const app = fixture("a2-wholesale");
  app.applicationId = `APP-PUB-${world.store.events.size + 1}`;
  app.facilities = [{ type: "working_capital", amount: "5000000.00", tenorMonths: 12 }];
  const { caseId } = await caseAtFirstStage(world, app);
  await decideAs(world, caseId, "mgr.wang", "decline");
  await finalizeStep(world.deps, { caseId, status: "DECLINED" });
  return caseId;
}

const record = (eventName: DynamoDBRecord["eventName"], pk: string, sk: string): DynamoDBRecord => ({
  eventName,
  dynamodb: { Keys: { pk: { S: pk }, sk: { S: sk } } },
});

describe("the stream publisher", () => {
  it("reads only inserted audit events from stream records", () => {
    expect(
      appendedOf([
        record("INSERT", "CASE#C-1", eventSk(1)),
        record("MODIFY", "CASE#C-1", "STATE"),
        record("INSERT", "CASE#C-1", "STATE"),
        record("INSERT", "APPROVAL#A-1", "APPROVAL"),
        record("INSERT", "CASE#C-2", eventSk(7)),
        record("INSERT", "CASE#C-1", "EVT#7"),
      ]),
    ).toEqual([
      { caseId: "C-1", seq: 1 },
      { caseId: "C-2", seq: 7 },
    ]);
  });

  it("publishes the domain events of the appended seqs only, per case in trail order", async () => {
    const world = memoryWorld();
    const a = await declinedCase(world);
    const b = await declinedCase(world);
    const published: DomainEvent[][] = [];
    const deps = {
      trails: trails(world),
      domainEvents: { publish: async (events: readonly DomainEvent[]) => void published.push([...events]) },
      ...world.clock,
      telemetry: memoryTelemetry(),
    };
    const last = (id: string) => world.store.events.get(id)?.length ?? 0;
    // The outcome's own event: a declined case's trail goes on with the release of its book reservation,
    // which is no domain event.
    const finalized = (id: string) =>
      world.store.events.get(id)?.findLast((e) => e.type === "CASE_FINALIZED")?.seq ?? 0;
    const appended = [
      ...Array.from({ length: last(a) }, (_, i) => ({ caseId: a, seq: i + 1 })),
      { caseId: b, seq: finalized(b) },
    ];
    expect(await publishAppended(deps, appended)).toBe(5);
    expect(published.map((batch) => batch.map((e) => `${e.caseId}:${e.type}`))).toEqual([
      [`${a}:CaseSubmitted`, `${a}:CaseAssessed`, `${a}:StageDecided`, `${a}:CaseDeclined`],
      [`${b}:CaseDeclined`],
    ]);
  });
});

describe("the EventBridge adapter", () => {
  async function fakeEventBridge(answer: (body: { Entries: unknown[] }) => unknown) {
    const seen: { headers: IncomingHttpHeaders; body: { Entries: Record<string, string>[] } }[] = [];
    const server = createServer((req, res) => {
      let text = "";
      req.on("data", (c: Buffer) => {
        text += c.toString("utf8");
      });
      req.on("end", () => {
        const body = JSON.parse(text) as { Entries: Record<string, string>[] };
        seen.push({ headers: req.headers, body });
        res
          .writeHead(200, { "content-type": "application/x-amz-json-1.1" })
          .end(JSON.stringify(answer(body)));
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as AddressInfo;
    const bus = createEventBridgeBus({
      busName: "credit-events",
      region: "eu-west-1",
      credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
      endpoint: `http://127.0.0.1:${port}/`,
    });
    return { bus, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
  }

  const events = (n: number) =>
    Array.from(
      { length: n },
      (_, i) =>
        ({
          id: `C-1/${i + 1}`,
          type: "StageDecided",
          caseId: "C-1",
          seq: i + 1,
          at: "2026-03-02T08:00:00.000Z",
        }) as DomainEvent,
    );

  it("signs PutEvents requests and sends ten entries at a time, in order", async () => {
    const fake = await fakeEventBridge((b) => ({
      FailedEntryCount: 0,
      Entries: b.Entries.map(() => ({ EventId: "x" })),
    }));
    try {
      await fake.bus.publish(events(12));
      expect(fake.seen.map((r) => r.body.Entries.length)).toEqual([10, 2]);
      const first = fake.seen[0];
      expect(first?.headers["x-amz-target"]).toBe("AWSEvents.PutEvents");
      expect(first?.headers.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d+\/eu-west-1\/events\//,
      );
      expect(first?.body.Entries[0]).toMatchObject({
        EventBusName: "credit-events",
        Source: "sme-credit-approval",
        DetailType: "StageDecided",
      });
      const seqs = fake.seen.flatMap((r) =>
        r.body.Entries.map((e) => (JSON.parse(e.Detail ?? "{}") as DomainEvent).seq),
      );
      expect(seqs).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    } finally {
      await fake.close();
    }
  });

  it("throws when EventBridge refuses an entry, so the stream retries the batch", async () => {
    const fake = await fakeEventBridge(() => ({
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: "InternalFailure", ErrorMessage: "try again" }],
    }));
    try {
      await expect(fake.bus.publish(events(1))).rejects.toThrow(
        /1 of 1 refused \(InternalFailure: try again\)/,
      );
    } finally {
      await fake.close();
    }
  });
});
