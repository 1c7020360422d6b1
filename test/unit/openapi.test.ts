import { readFileSync } from "node:fs";
import { validate } from "@readme/openapi-parser";
import { describe, expect, it } from "vitest";
import { fromRoot } from "../../infra/aws/paths";
import { documentedRoutes, openApiDocument, routeKey, undocumented } from "../../infra/openapi/document";
import { ROUTE_DOCS } from "../../infra/openapi/routes";
import { fixture } from "../support/applications";
import { requestChecker, responseChecker } from "../support/openapi";

const committed = () =>
  JSON.parse(readFileSync(fromRoot("docs/openapi.json"), "utf8")) as Record<string, unknown>;

describe("the OpenAPI document", () => {
  it("documents every route of the catalog (and the local runtime's documented routes), nothing else", () => {
    expect(undocumented()).toEqual({ missing: [], unknown: [] });
    const paths = openApiDocument().paths as Record<string, Record<string, unknown>>;
    for (const r of documentedRoutes())
      expect(paths[r.path]?.[r.method.toLowerCase()], routeKey(r)).toBeDefined();
  });

  it("fails to build when a route has no entry", () => {
    const saved = ROUTE_DOCS["GET /cases/{id}/history"];
    delete ROUTE_DOCS["GET /cases/{id}/history"];
    try {
      expect(() => openApiDocument()).toThrow(/no entry for GET \/cases\/\{id\}\/history/);
    } finally {
      if (saved) ROUTE_DOCS["GET /cases/{id}/history"] = saved;
    }
  });

  it("is valid OpenAPI 3.1 to a standard parser", async () => {
    const result = await validate(structuredClone(openApiDocument()) as never);
    expect(result.valid, JSON.stringify(result)).toBe(true);
    // The parser is not lenient: the same document with a dangling $ref is refused.
    const broken = structuredClone(openApiDocument()) as { components: { schemas: Record<string, unknown> } };
    delete broken.components.schemas.Problem;
    expect((await validate(broken as never)).valid).toBe(false);
  });

  it("is committed as docs/openapi.json, current (npm run openapi writes it)", () => {
    expect(committed(), "docs/openapi.json is stale: run npm run openapi").toEqual(openApiDocument());
  });

  it("names the auth schemes, the Problem shape on errors, and examples from the fixtures", () => {
    const doc = openApiDocument() as {
      components: { securitySchemes: Record<string, unknown> };
      paths: Record<
        string,
        Record<
          string,
          {
            security: unknown[];
            requestBody?: { content: Record<string, { example?: unknown }> };
            responses: Record<string, { content: Record<string, { schema: unknown }> }>;
          }
        >
      >;
    };
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(["cognitoJwt", "localUser"]);
    const submit = doc.paths["/cases"]?.post;
    expect(submit?.security).toEqual([{ cognitoJwt: [] }, { localUser: [] }]);
    expect(submit?.responses["422"]?.content["application/json"]?.schema).toEqual({
      $ref: "#/components/schemas/Problem",
    });
    expect(submit?.requestBody?.content["application/json"]?.example).toMatchObject({
      applicationId: expect.any(String),
    });
    expect(doc.paths["/approvals/{approvalId}"]?.get?.security).toEqual([]);
  });

  it("tells a conforming answer from one that is not (what the e2e tests check real answers with)", () => {
    const check = responseChecker(openApiDocument());
    expect(check("POST", "/cases", 201, { caseId: "CASE-1", caseVersion: 1, status: "SUBMITTED" })).toEqual(
      [],
    );
    expect(check("POST", "/cases", 201, { caseId: 1, caseVersion: 0, status: "NOPE" })).toHaveLength(3);
    expect(check("POST", "/cases", 422, { code: "IDEMPOTENCY_KEY_REUSED", message: "…" })).toEqual([]);
    expect(check("POST", "/cases", 422, { message: "…" })).not.toEqual([]);
    expect(check("POST", "/cases", 299, {})).toEqual(["the document has no JSON answer 299 for POST /cases"]);
  });

  it("describes the application the handlers accept: every fixture conforms, a broken one does not", () => {
    const check = requestChecker(openApiDocument());
    for (const name of ["a2-wholesale", "b2-manufacturing", "micro-services"] as const)
      expect(check("POST", "/cases", fixture(name)), name).toEqual([]);
    const broken = { ...fixture("a2-wholesale"), facilities: "many" };
    expect(check("POST", "/cases", broken)).not.toEqual([]);
    expect(check("PUT", "/cases/{id}", fixture("micro-services"))).toEqual([]);
  });
});
