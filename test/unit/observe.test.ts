import type { Context } from "aws-lambda";
import { describe, expect, it, vi } from "vitest";
import { correlationIdOf, observe, redact } from "../../functions/wiring/observe";
import { logFormatFor, readableLine } from "../../infra/local/log-format";

describe("what the functions' log lines may carry", () => {
  it("blanks credential-named attributes and the signature of any link in a text", () => {
    expect(redact("taskToken", "AAAA-token")).toBe("[redacted]");
    expect(redact("csrf", "x")).toBe("[redacted]");
    expect(redact("caseId", "CASE-1")).toBe("CASE-1");
    expect(
      redact("message", "failed at https://x.example/approvals/APR-1?a=mgr.wang&s=MANAGER&e=1&sig=Zm9v_bar"),
    ).toBe("failed at https://x.example/approvals/APR-1?a=mgr.wang&s=MANAGER&e=1&sig=[redacted]");
  });

  it("correlates a step by its run's name, a route by its request id, a schedule by its event id", () => {
    expect(correlationIdOf({ caseId: "CASE-1", run: "CASE-1-v1" })).toBe("CASE-1-v1");
    expect(correlationIdOf({ requestContext: { requestId: "req-1" } })).toBe("req-1");
    expect(correlationIdOf({ id: "evt-1", "detail-type": "Scheduled Event" })).toBe("evt-1");
    expect(correlationIdOf("not an event")).toBeUndefined();
  });
});

describe("metrics", () => {
  it("leave as EMF lines when an invocation ends, and nothing is written for one that emitted none", async () => {
    // The test processes disable metrics (vitest.config.ts); this one reads them.
    vi.stubEnv("POWERTOOLS_METRICS_DISABLED", "false");
    const written: string[] = [];
    const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    try {
      const observed = observe("get-case", { POWERTOOLS_METRICS_NAMESPACE: "Test/ns" });
      const middleware = observed.middleware();
      const request = { event: {}, context: { functionName: "get-case" } as Context } as Parameters<
        NonNullable<typeof middleware.before>
      >[0];
      await middleware.before?.(request);
      await middleware.after?.(request);
      expect(written.filter((l) => l.includes('"_aws"'))).toEqual([]);

      await middleware.before?.(request);
      observed.telemetry.metric("CasesSubmitted", "Count", 1);
      observed.telemetry.metric("StageDecided", "Count", 1, { outcome: "approve" });
      await middleware.after?.(request);
      const emf = written.filter((l) => l.includes('"_aws"')).map((l) => JSON.parse(l));
      expect(
        emf.map((m) => [m._aws.CloudWatchMetrics[0].Namespace, m.CasesSubmitted, m.StageDecided]),
      ).toEqual(
        expect.arrayContaining([
          ["Test/ns", 1, undefined],
          ["Test/ns", undefined, 1],
        ]),
      );
      expect(emf).toHaveLength(2);
      expect(emf.find((m) => m.StageDecided)?.outcome).toBe("approve");
    } finally {
      write.mockRestore();
      vi.unstubAllEnvs();
    }
  });
});

describe("npm start's readable lines", () => {
  it("are the default on a terminal only, unless LOG_FORMAT says", () => {
    expect(logFormatFor({}, true)).toBe("pretty");
    expect(logFormatFor({}, false)).toBe("json");
    expect(logFormatFor({ LOG_FORMAT: "json" }, true)).toBe("json");
    expect(logFormatFor({ LOG_FORMAT: "pretty" }, false)).toBe("pretty");
  });

  it("print a Powertools line as time, level, function, message and its ids, and a metric as its values", () => {
    const line = JSON.stringify({
      level: "INFO",
      message: "case submitted",
      timestamp: "2026-11-23T21:12:55.078Z",
      service: "submit-case",
      cold_start: true,
      caseId: "CASE-1",
      route: ["MANAGER", "BRANCH_CREDIT"],
    });
    expect(readableLine(line)).toBe(
      '21:12:55.078 INFO  submit-case        case submitted  caseId=CASE-1 route=["MANAGER","BRANCH_CREDIT"]',
    );
    const metric = JSON.stringify({
      _aws: {
        Timestamp: 1,
        CloudWatchMetrics: [
          {
            Namespace: "n",
            Dimensions: [["service", "outcome"]],
            Metrics: [{ Name: "StageDecided", Unit: "Count" }],
          },
        ],
      },
      service: "approval-decision",
      outcome: "approve",
      StageDecided: 1,
    });
    expect(readableLine(metric)).toBe("metric approval-decision StageDecided=1 outcome=approve");
    expect(readableLine("SME credit approval — embedded runtime is up")).toBeUndefined();
  });
});
