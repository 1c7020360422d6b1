import { describe, expect, it } from "vitest";
import { loadSigningKey, parseSigningKey } from "../../functions/adapters/aws/signing-key";
import {
  approvalUrl,
  csrfToken,
  type LinkParams,
  parseLinkQuery,
  signLink,
  verifyCsrf,
  verifyLink,
} from "../../functions/app/links";

const key = Buffer.from("k".repeat(32));
const otherKey = Buffer.from("x".repeat(32));
const expiresAt = Date.parse("2026-03-02T08:00:00Z") / 1000;
const params: LinkParams = { approvalId: "APR-1", approverId: "mgr.wang", stage: "MANAGER", expiresAt };
const before = new Date("2026-03-01T08:00:00Z");

describe("signed approval links", () => {
  it("accepts its own signature before expiry", () => {
    const sig = signLink(params, key);
    expect(sig).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(verifyLink(params, sig, key, before)).toEqual({ ok: true });
  });

  it("binds approval, approver, stage and expiry: changing any one breaks the signature", () => {
    const sig = signLink(params, key);
    for (const tampered of [
      { ...params, approvalId: "APR-2" },
      { ...params, approverId: "mgr.zhao" },
      { ...params, stage: "BRANCH_CREDIT" },
      { ...params, expiresAt: expiresAt + 3600 },
    ]) {
      expect(verifyLink(tampered, sig, key, before)).toEqual({ ok: false, reason: "BAD_SIGNATURE" });
    }
  });

  it("rejects another key's signature and garbage", () => {
    expect(verifyLink(params, signLink(params, otherKey), key, before)).toEqual({
      ok: false,
      reason: "BAD_SIGNATURE",
    });
    expect(verifyLink(params, "short", key, before)).toEqual({ ok: false, reason: "BAD_SIGNATURE" });
    expect(verifyLink(params, "", key, before)).toEqual({ ok: false, reason: "BAD_SIGNATURE" });
  });

  it("cannot be confused by moving characters between fields", () => {
    const a = signLink({ ...params, approvalId: "APR-1", approverId: "mgr.wang" }, key);
    const b = signLink({ ...params, approvalId: "APR-1m", approverId: "gr.wang" }, key);
    expect(a).not.toBe(b);
  });

  it("expires at the expiry second, and only a valid signature learns that", () => {
    const sig = signLink(params, key);
    expect(verifyLink(params, sig, key, new Date(expiresAt * 1000 - 1))).toEqual({ ok: true });
    expect(verifyLink(params, sig, key, new Date(expiresAt * 1000))).toEqual({
      ok: false,
      reason: "EXPIRED",
    });
    expect(verifyLink(params, "forged", key, new Date(expiresAt * 1000 + 1))).toEqual({
      ok: false,
      reason: "BAD_SIGNATURE",
    });
  });

  it("builds a URL carrying no task token and parses back to the signed parameters", () => {
    const sig = signLink(params, key);
    const url = new URL(
      approvalUrl("https://credit.example/", "APR-1", "mgr.wang", "MANAGER", expiresAt, sig),
    );
    expect(url.pathname).toBe("/approvals/APR-1");
    expect([...url.searchParams.keys()].sort()).toEqual(["a", "e", "s", "sig"]);
    expect(url.searchParams.get("e")).toBe(String(expiresAt));
    const parsed = parseLinkQuery("APR-1", Object.fromEntries(url.searchParams));
    expect(parsed).toEqual({ ok: true, ...params, sig });
    if (!parsed.ok) throw new Error("unreachable");
    expect(verifyLink(parsed, parsed.sig, key, before)).toEqual({ ok: true });
  });

  it("reports a link with missing or malformed parameters as MALFORMED", () => {
    expect(parseLinkQuery("APR-1", { a: "mgr.wang", s: "MANAGER", sig: "x" })).toEqual({
      ok: false,
      reason: "MALFORMED",
    });
    expect(parseLinkQuery("APR-1", { a: "mgr.wang", s: "MANAGER", e: "soon", sig: "x" })).toEqual({
      ok: false,
      reason: "MALFORMED",
    });
  });
});

describe("CSRF tokens for the decision form", () => {
  it("are deterministic per link, so no server session is needed", () => {
    const sig = signLink(params, key);
    expect(csrfToken("APR-1", sig, key)).toBe(csrfToken("APR-1", sig, key));
    expect(verifyCsrf("APR-1", sig, csrfToken("APR-1", sig, key), key)).toBe(true);
  });

  it("do not verify for another approval, another link, another key, or the link signature itself", () => {
    const sig = signLink(params, key);
    const token = csrfToken("APR-1", sig, key);
    expect(verifyCsrf("APR-2", sig, token, key)).toBe(false);
    expect(verifyCsrf("APR-1", signLink({ ...params, stage: "COMMITTEE" }, key), token, key)).toBe(false);
    expect(verifyCsrf("APR-1", sig, csrfToken("APR-1", sig, otherKey), key)).toBe(false);
    expect(verifyCsrf("APR-1", sig, sig, key)).toBe(false);
    expect(verifyCsrf("APR-1", sig, "", key)).toBe(false);
  });
});

describe("the signing key", () => {
  it("needs at least 32 bytes", () => {
    expect(parseSigningKey("s".repeat(32))).toHaveLength(32);
    expect(() => parseSigningKey("s".repeat(31))).toThrow(
      expect.objectContaining({ code: "SIGNING_KEY_TOO_SHORT" }),
    );
    expect(() => parseSigningKey(undefined)).toThrow(
      expect.objectContaining({ code: "SIGNING_KEY_MISSING" }),
    );
  });

  it("comes from LINK_SIGNING_KEY, which wins over a Secrets Manager ARN", async () => {
    await expect(loadSigningKey({ LINK_SIGNING_KEY: "s".repeat(40) })).resolves.toHaveLength(40);
    await expect(
      loadSigningKey({
        LINK_SIGNING_KEY: "k".repeat(33),
        LINK_SIGNING_SECRET_ARN: "arn:aws:secretsmanager:x",
      }),
    ).resolves.toHaveLength(33);
    await expect(loadSigningKey({})).rejects.toMatchObject({ code: "SIGNING_KEY_MISSING" });
  });
});
