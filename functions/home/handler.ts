import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { type CaseSearch, searchCases } from "../app/workflow/search";
import { homePage } from "../shared/html/home-page";
import { httpErrors } from "../shared/http/errors";
import { html, problem } from "../shared/http/responses";
import { identifyCaller } from "../shared/identity";
import { caseQueue } from "../wiring/case-queue";
import { directory } from "../wiring/directory";
import { drafts } from "../wiring/drafts";
import { observe } from "../wiring/observe";

const observed = observe("home");
const deps = { caseQueue: caseQueue(), directory: directory(), drafts: drafts() };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The auditor's search from the query string; undefined until they search. Bad dates are ignored, not guessed. */
function searchOf(event: APIGatewayProxyEventV2): CaseSearch | undefined {
  const q = event.queryStringParameters ?? {};
  const text = (name: string) => (q[name] ?? "").trim().slice(0, 200) || undefined;
  const day = (name: string) => (DAY.test(q[name] ?? "") ? q[name] : undefined);
  const search: CaseSearch = {};
  const id = text("id");
  const borrower = text("borrower");
  const from = day("from");
  const to = day("to");
  if (id) search.id = id;
  if (borrower) search.borrower = borrower;
  if (from) search.from = from;
  if (to) search.to = to;
  return Object.keys(search).length > 0 ? search : undefined;
}

/** GET /: the signed-in person's start page, by role. Reads only. */
async function lambdaHandler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const caller = identifyCaller(event, deps.directory);
  if (!caller) return problem(401, "UNAUTHENTICATED", "sign in to see your start page");
  const grants = deps.directory.rolesOf(caller);
  const isRm = grants.some((g) => g.role === "RM");
  const isAuditor = grants.some((g) => g.role === "AUDITOR");
  const query = isAuditor ? searchOf(event) : undefined;
  return html(
    200,
    homePage({
      userId: caller,
      name: deps.directory.nameOf(caller),
      grants,
      ...(isRm
        ? { mine: await searchCases(deps, caller, { mine: true }), drafts: await deps.drafts.list(caller) }
        : {}),
      ...(isAuditor
        ? {
            search: {
              query: query ?? {},
              results: query ? await searchCases(deps, caller, query) : undefined,
            },
          }
        : {}),
    }),
  );
}

export const handler = middy(lambdaHandler).use(observed.middleware()).use(httpErrors(observed.telemetry));
