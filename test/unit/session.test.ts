import { describe, expect, it } from "vitest";
import { csrfMatches, safeNext, signSession, verifySession } from "../../functions/shared/session";

const SECRET = "test-secret";
const NOW = new Date("2026-11-20T10:00:00Z");
const LATER = Math.floor(NOW.getTime() / 1000) + 60;

describe("session cookies", () => {
  it("name the user until they expire, and nobody without the secret can make one", () => {
    const value = signSession("rm.chen", LATER, SECRET);
    expect(verifySession(value, SECRET, NOW)).toBe("rm.chen");
    expect(verifySession(value, SECRET, new Date((LATER + 1) * 1000))).toBeUndefined();
    expect(verifySession(value, "another-secret", NOW)).toBeUndefined();
    const [, expiry, sig] = value.split(".");
    const otherUser = Buffer.from("ho.zhang").toString("base64url");
    expect(verifySession(`${otherUser}.${expiry}.${sig}`, SECRET, NOW)).toBeUndefined();
    expect(verifySession(`${value.split(".")[0]}.${LATER + 3600}.${sig}`, SECRET, NOW)).toBeUndefined();
    expect(verifySession(undefined, SECRET, NOW)).toBeUndefined();
    expect(verifySession("a.b.c.d", SECRET, NOW)).toBeUndefined();
  });
});

describe("where sign-in returns to", () => {
  it("is a path on this site, never another site", () => {
    expect(safeNext("/cases/CASE-1?x=1")).toBe("/cases/CASE-1?x=1");
    for (const bad of [
      "//evil.example/",
      "/\\evil.example",
      "https://evil.example/",
      "javascript:alert(1)",
      "",
      null,
      "/a\nb",
    ])
      expect(safeNext(bad)).toBe("/");
  });
});

describe("the CSRF check", () => {
  it("passes only when the form carries the cookie's token", () => {
    const event = { cookies: ["sme_csrf=abc123"], headers: {} };
    expect(csrfMatches(event, new URLSearchParams("csrf=abc123"))).toBe(true);
    expect(csrfMatches(event, new URLSearchParams("csrf=abc124"))).toBe(false);
    expect(csrfMatches(event, new URLSearchParams(""))).toBe(false);
    expect(csrfMatches({ headers: {} }, new URLSearchParams("csrf="))).toBe(false);
  });
});
