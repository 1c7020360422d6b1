import { resolve } from "node:path";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { loadDirectoryFile } from "../../functions/adapters/aws/directory-file";
import { signLink } from "../../functions/app/links";
import type { ApprovalReader } from "../../functions/app/ports";
import { checkLink } from "../../functions/app/workflow/decide";
import { submitCase } from "../../functions/app/workflow/submit";
import { identifyCaller } from "../../functions/shared/identity";
import { fixture } from "../support/applications";
import { memoryWorld } from "../support/memory-ports";

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
    const world = memoryWorld();
    const app = fixture("a2-wholesale");
    app.submittedBy = "RM.Chen";
    const outcome = await submitCase(world.deps, app, "rm.chen");
    if (outcome.kind !== "CREATED") throw new Error(`not created: ${outcome.kind}`);
    const [submitted] = world.store.events.get(outcome.caseId) ?? [];
    expect(submitted).toMatchObject({
      type: "CASE_SUBMITTED",
      actor: "rm.chen",
      payload: { application: { submittedBy: "rm.chen" } },
    });
  });

  it("lets the approver named by a link act on it whatever the case of their sign-in", async () => {
    const key = Buffer.from("k".repeat(48));
    const expiresAt = Math.floor(Date.parse("2030-01-01T00:00:00Z") / 1000);
    const link = { approvalId: "APR-1", approverId: "mgr.wang", stage: "MANAGER", expiresAt };
    const approvals: ApprovalReader = {
      get: async () => ({
        approvalId: "APR-1",
        caseId: "CASE-1",
        caseVersion: 1,
        approverId: "mgr.wang",
        stage: "MANAGER",
        attempt: 1,
        taskToken: "token",
        createdAt: "2026-11-20T09:00:00Z",
        expiresAt: "2030-01-01T00:00:00Z",
        status: "PENDING",
        ttl: 0,
      }),
    };
    const deps = {
      ...memoryWorld().deps,
      directory,
      now: () => new Date("2026-11-20T10:00:00Z"),
      links: { signingKey: () => key, graceSeconds: 0 },
      approvals,
    };
    const checked = await checkLink(deps, { ...link, sig: signLink(link, key) }, "MGR.WANG");
    expect(checked.kind).toBe("OK");
  });
});
