import { describe, expect, it } from "vitest";
import { msUntilNext } from "../../infra/local/scheduler";

describe("the embedded runtime's daily jobs", () => {
  const at0005 = { daily: { hourUtc: 0, minuteUtc: 5 } };
  it("waits until the job's next UTC time of day, tomorrow once today's has passed", () => {
    expect(msUntilNext(at0005, new Date("2026-11-23T00:04:00Z"))).toBe(60_000);
    expect(msUntilNext(at0005, new Date("2026-11-23T00:05:00Z"))).toBe(86_400_000);
    expect(msUntilNext(at0005, new Date("2026-11-23T23:00:00Z"))).toBe(65 * 60_000);
  });

  it("waits one interval for a job that runs every so many minutes", () => {
    expect(msUntilNext({ everyMinutes: 5 }, new Date("2026-11-23T00:04:00Z"))).toBe(5 * 60_000);
  });
});
