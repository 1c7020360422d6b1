import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { renderToString } from "preact-render-to-string";
import { describe, expect, it } from "vitest";
import { formatBankTime, Time } from "../../../functions/shared/html/time";
import { BANK_TIME_ZONE, readBankTimeZone } from "../../../functions/shared/html/time-zone";

const ROOT = join(import.meta.dirname, "..", "..", "..");

describe("BANK_TIME_ZONE", () => {
  it("defaults to Asia/Shanghai and takes any IANA zone, in its canonical spelling", () => {
    expect(readBankTimeZone({})).toBe("Asia/Shanghai");
    expect(readBankTimeZone({ BANK_TIME_ZONE: "" })).toBe("Asia/Shanghai");
    expect(readBankTimeZone({ BANK_TIME_ZONE: "Europe/Paris" })).toBe("Europe/Paris");
    expect(readBankTimeZone({ BANK_TIME_ZONE: "asia/hong_kong" })).toBe("Asia/Hong_Kong");
    expect(BANK_TIME_ZONE).toBe(readBankTimeZone(process.env));
  });

  it("refuses a zone the runtime does not know, naming the setting and the value", () => {
    expect(() => readBankTimeZone({ BANK_TIME_ZONE: "Mars/Olympus" })).toThrow(
      expect.objectContaining({
        code: "BANK_TIME_ZONE_INVALID",
        message: expect.stringMatching(/BANK_TIME_ZONE must be an IANA time zone .*"Mars\/Olympus"/),
      }),
    );
  });

  it("is checked when the page kit loads: a bad zone fails the process at start", async () => {
    const run = promisify(execFile)(
      join(ROOT, "node_modules", ".bin", "tsx"),
      ["-e", 'import("./functions/shared/html/approval-page.tsx").then(() => console.log("loaded"))'],
      { cwd: ROOT, env: { ...process.env, BANK_TIME_ZONE: "Mars/Olympus" } },
    );
    await expect(run).rejects.toMatchObject({ stderr: expect.stringContaining("BANK_TIME_ZONE_INVALID") });
  });
});

describe("formatBankTime", () => {
  const at = "2026-11-20T16:30:05.123Z";

  it("shows the wall clock in the bank's zone with its offset, and keeps the UTC instant", () => {
    expect(formatBankTime(at, { zone: "Asia/Shanghai" })).toEqual({
      local: "2026-11-21 00:30 GMT+8",
      utc: "2026-11-20T16:30:05.123Z",
    });
    expect(formatBankTime(at, { zone: "Asia/Shanghai", seconds: true })?.local).toBe(
      "2026-11-21 00:30:05 GMT+8",
    );
    expect(formatBankTime(at, { zone: "UTC" })?.local).toBe("2026-11-20 16:30 GMT");
    expect(formatBankTime(at, { zone: "Asia/Kolkata" })?.local).toBe("2026-11-20 22:00 GMT+5:30");
  });

  it("follows daylight saving time where the zone has it", () => {
    expect(formatBankTime("2026-07-01T12:00:00Z", { zone: "Europe/Paris" })?.local).toBe(
      "2026-07-01 14:00 GMT+2",
    );
    expect(formatBankTime("2026-12-01T12:00:00Z", { zone: "Europe/Paris" })?.local).toBe(
      "2026-12-01 13:00 GMT+1",
    );
  });

  it("uses 00, not 24, for midnight", () => {
    expect(formatBankTime("2026-11-20T16:00:00Z", { zone: "Asia/Shanghai" })?.local).toBe(
      "2026-11-21 00:00 GMT+8",
    );
  });

  it("gives nothing for text that is not an instant", () => {
    expect(formatBankTime("")).toBeUndefined();
    expect(formatBankTime("yesterday")).toBeUndefined();
  });

  it("renders as <time> with the UTC instant in its title, or the stored text as it is", () => {
    const zone = BANK_TIME_ZONE;
    const local = formatBankTime(at, { zone })?.local;
    expect(renderToString(<Time iso={at} />)).toBe(
      `<time datetime="${at}" title="${at} (UTC)">${local}</time>`,
    );
    expect(renderToString(<Time iso="not <a> time" />)).toBe("not &lt;a> time");
  });
});
