import { readFileSync } from "node:fs";
import { fromRoot } from "../aws/paths";
import { FUNCTIONS, type HttpFunction } from "../catalog";
import { ROUTE_DOCS, type RouteDoc } from "./routes";
import { jsonSchema, problemSchema } from "./schemas";

/**
 * The OpenAPI 3.1 document of the HTTP API: every catalog route (and the local runtime's own
 * documented routes), with the schemas of infra/openapi/routes.ts turned into JSON Schema by zod.
 * `npm run openapi` writes it to docs/openapi.json, which GET /openapi.json serves; a test fails
 * when the two differ or a route has no entry.
 */

export interface DocumentedRoute {
  method: string;
  path: string;
  auth: "jwt" | "signed-link";
}

/** Routes only the local runtime serves that are part of the documented API. */
export const LOCAL_DOCUMENTED_ROUTES: DocumentedRoute[] = [{ method: "GET", path: "/events", auth: "jwt" }];

export function documentedRoutes(): DocumentedRoute[] {
  const catalog = FUNCTIONS.filter((f): f is HttpFunction => f.kind === "http").map((f) => f.route);
  return [...catalog, ...LOCAL_DOCUMENTED_ROUTES];
}

export const routeKey = (r: { method: string; path: string }) => `${r.method} ${r.path}`;

const FIXTURE = (name: string) =>
  JSON.parse(readFileSync(fromRoot(`test/fixtures/${name}`), "utf8")) as unknown;

/** Examples, from the test fixtures the suites submit. */
function examples(): Record<string, unknown> {
  return {
    application: FIXTURE("applications/a2-wholesale.json"),
    created: { caseId: "CASE-31c3c597-0175-4a26-9c55-eaf115f15ccf", caseVersion: 1, status: "SUBMITTED" },
  };
}

const PROBLEM_REF = { $ref: "#/components/schemas/Problem" };

function operation(route: DocumentedRoute, doc: RouteDoc, ex: Record<string, unknown>) {
  const pathParams = [...route.path.matchAll(/\{([^}+]+)\+?\}/g)].map((m) => ({
    name: m[1],
    in: "path",
    required: true,
    schema: { type: "string" },
  }));
  const parameters = [
    ...pathParams,
    ...(doc.query ?? []).map((q) => ({
      name: q.name,
      in: "query",
      description: q.description,
      required: q.required ?? false,
      schema: q.schema,
    })),
    ...(doc.headers ?? []).map((h) => ({
      name: h.name,
      in: "header",
      description: h.description,
      required: false,
      schema: h.schema,
    })),
  ];
  const responses = Object.fromEntries(
    Object.entries(doc.responses).map(([status, r]) => {
      const isProblem = Number(status) >= 400 && !r.schema && !r.mediaType;
      const content = r.mediaType
        ? { [r.mediaType]: { schema: { type: "string" } } }
        : isProblem
          ? { "application/json": { schema: PROBLEM_REF } }
          : r.schema
            ? {
                "application/json": {
                  schema: jsonSchema(r.schema),
                  ...(r.example ? { example: ex[r.example] } : {}),
                },
              }
            : { "application/json": { schema: { type: "object" } } };
      const headers = r.headers
        ? Object.fromEntries(
            Object.entries(r.headers).map(([n, d]) => [n, { description: d, schema: { type: "string" } }]),
          )
        : undefined;
      return [status, { description: r.description, content, ...(headers ? { headers } : {}) }];
    }),
  );
  return {
    operationId: `${route.method.toLowerCase()}${route.path.replace(/[{}]/g, "").replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ""))}`,
    summary: doc.summary,
    ...(doc.description ? { description: doc.description } : {}),
    tags: doc.tags,
    ...(parameters.length ? { parameters } : {}),
    ...(doc.body
      ? {
          requestBody: {
            required: true,
            content: {
              [doc.body.mediaType ?? "application/json"]: {
                schema: jsonSchema(doc.body.schema),
                ...(doc.body.example ? { example: ex[doc.body.example] } : {}),
              },
            },
          },
        }
      : {}),
    security: route.auth === "jwt" ? [{ cognitoJwt: [] }, { localUser: [] }] : [],
    ...(doc.localOnly ? { "x-local-only": true } : {}),
    responses: {
      ...responses,
      500: {
        description: "something went wrong on our side",
        content: { "application/json": { schema: PROBLEM_REF } },
      },
    },
  };
}

/** Thrown naming every route without an entry and every entry without a route. */
export function undocumented(): { missing: string[]; unknown: string[] } {
  const keys = new Set(documentedRoutes().map(routeKey));
  return {
    missing: [...keys].filter((k) => !(k in ROUTE_DOCS)),
    unknown: Object.keys(ROUTE_DOCS).filter((k) => !keys.has(k)),
  };
}

export function openApiDocument(): Record<string, unknown> {
  const { missing, unknown } = undocumented();
  if (missing.length || unknown.length)
    throw new Error(
      `OpenAPI registry out of step: no entry for ${missing.join(", ") || "—"}; no route for ${unknown.join(", ") || "—"}`,
    );
  const ex = examples();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of documentedRoutes()) {
    const doc = ROUTE_DOCS[routeKey(route)];
    if (!doc) continue;
    paths[route.path] = {
      ...(paths[route.path] ?? {}),
      [route.method.toLowerCase()]: operation(route, doc, ex),
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "SME credit approval",
      version: JSON.parse(readFileSync(fromRoot("package.json"), "utf8")).version as string,
      description:
        "Staff API and approval links of the SME credit approval workflow. Errors share the Problem shape. See docs/integrations.md for idempotency and domain events.",
      license: { name: "Apache-2.0", identifier: "Apache-2.0" },
    },
    servers: [{ url: "http://localhost:3000", description: "npm start (loopback)" }],
    tags: [
      { name: "cases" },
      { name: "approvals", description: "e-mailed signed links; no sign-in" },
      { name: "audit" },
      { name: "events", description: "local runtime only" },
      { name: "meta" },
    ],
    paths,
    components: {
      schemas: { Problem: jsonSchema(problemSchema) },
      securitySchemes: {
        cognitoJwt: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description: "On AWS: a Cognito user pool token of a staff user",
        },
        localUser: {
          type: "apiKey",
          in: "header",
          name: "X-User",
          description: "Under npm start only (the gateway listens on loopback): the directory user id",
        },
      },
    },
  };
}
