import { describe, expect, it } from "vitest";
import { correlationIdOf, redact } from "../../functions/wiring/observe";
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
