import { resolve } from "node:path";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { loadDirectoryFile } from "../../functions/shared/directory-file";
import { identifyCaller } from "../../functions/shared/identity";
import { signLink } from "../../functions/shared/links";
import { checkLink } from "../../functions/shared/workflow/decide";
import type { WorkflowDeps } from "../../functions/shared/workflow/ports";
import { submitCase } from "../../functions/shared/workflow/submit";
import { fixture } from "../support/applications";

const directory = loadDirectoryFile(resolve(import.meta.dirname, "../../infra/local/directory.json"));

function eventWithClaims(claims: Record<string, string>): APIGatewayProxyEventV2 {
  return {
    requestContext: { authorizer: { jwt: { claims, scopes: null } } },
  } as unknown as APIGatewayProxyEventV2;
}

describe("a user id matches the directory whatever its case", () => {
  it("resolves JWT claims to the directory's spelling", () => {
    expect(identifyCaller(eventWithClaims({ "cognito:username": "RM.CHEN" }), directory)).toBe("rm.chen");
    expect(identifyCaller(eventWithClaims({ username: "Mgr.Wang" }), directory)).toBe("mgr.wang");
    expect(identifyCaller(eventWithClaims({ "cognito:username": " au.he " }), directory)).toBe("au.he");
  });

  it("keeps an unknown caller unknown and a missing one missing", () => {
    expect(identifyCaller(eventWithClaims({ sub: "3f1c-uuid" }), directory)).toBe("3f1c-uuid");
    expect(
      identifyCaller({ requestContext: {} } as unknown as APIGatewayProxyEventV2, directory),
    ).toBeUndefined();
  });

  it("looks users up case-insensitively in the directory", () => {
    expect(directory.canonicalId("CM.A")).toBe("cm.a");
    expect(directory.canonicalId("nobody")).toBeUndefined();
  });

  it("accepts an application whose submittedBy differs from the caller only in case, recording the canonical id", async () => {
    const appended: unknown[] = [];
    const deps = {
      directory,
      newId: () => "CASE-1",
      cases: {
        append: async (_id: string, _base: unknown, drafts: unknown[]) => {
          appended.push(...drafts);
          return { ok: false, reason: "CONFLICT" };
        },
      },
    } as unknown as WorkflowDeps;
    const app = fixture("a2-wholesale");
    app.submittedBy = "RM.Chen";
    const outcome = await submitCase(deps, app, "rm.chen");
    expect(outcome.kind).toBe("CONFLICT");
    expect(appended).toEqual([
      expect.objectContaining({
        actor: "rm.chen",
        event: expect.objectContaining({
          payload: expect.objectContaining({
            application: expect.objectContaining({ submittedBy: "rm.chen" }),
          }),
        }),
      }),
    ]);
  });

  it("lets the approver named by a link act on it whatever the case of their sign-in", async () => {
    const key = Buffer.from("k".repeat(48));
    const expiresAt = Math.floor(Date.parse("2030-01-01T00:00:00Z") / 1000);
    const link = { approvalId: "APR-1", approverId: "mgr.wang", stage: "MANAGER", expiresAt };
    const deps = {
      directory,
      now: () => new Date("2026-11-20T10:00:00Z"),
      links: { signingKey: () => key },
      approvals: {
        get: async () => ({
          approvalId: "APR-1",
          approverId: "mgr.wang",
          stage: "MANAGER",
          status: "PENDING",
        }),
      },
    } as unknown as WorkflowDeps;
    const checked = await checkLink(deps, { ...link, sig: signLink(link, key) }, "MGR.WANG");
    expect(checked.kind).toBe("OK");
  });
});
