import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { decisionComments } from "../app/workflow/comments";
import { DOCUMENT_TYPES, mayAttach } from "../app/workflow/documents";
import { caseView } from "../app/workflow/queries";
import { casePage } from "../shared/html/case-page";
import { httpErrors } from "../shared/http/errors";
import { readableCase } from "../shared/http/readable-case";
import { html, json } from "../shared/http/responses";
import { identifyCaller } from "../shared/identity";
import { pageCsrf } from "../shared/session";
import { caseReader } from "../wiring/cases";
import { systemClock } from "../wiring/clock";
import { directory } from "../wiring/directory";
import { documentLimit } from "../wiring/document-store";
import { observe } from "../wiring/observe";

const observed = observe("get-case");
const deps = { cases: caseReader(), directory: directory(), ...systemClock, telemetry: observed.telemetry };

/** A browser asks for HTML first; scripts and the JSON API send application/json or nothing. */
function wantsHtml(event: APIGatewayProxyEventV2): boolean {
  return (event.headers?.accept ?? "").includes("text/html");
}

/**
 * GET /cases/{id}: status, stage, assessment summary, who the case waits for and the approvers'
 * comments; as a page for a browser (by Accept), as JSON otherwise.
 */
async function lambdaHandler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const found = await readableCase(deps, event);
  if (!found.ok) return found.response;
  if (!wantsHtml(event))
    return json(200, { ...caseView(found.state), comments: decisionComments(found.events) });
  const caller = identifyCaller(event, deps.directory) ?? "";
  const csrf = pageCsrf(event);
  const reply = html(
    200,
    casePage({
      state: found.state,
      events: found.events,
      user: { id: caller, name: deps.directory.nameOf(caller) },
      nameOf: (id) => deps.directory.nameOf(id),
      ...(mayAttach(deps, found.state, caller)
        ? {
            upload: {
              csrf: csrf.token,
              accept: Object.keys(DOCUMENT_TYPES).join(","),
              hint: `${Object.values(DOCUMENT_TYPES)
                .map((t) => t.what)
                .join(", ")}; at most ${documentLimit().toLocaleString("en-US")} bytes.`,
            },
          }
        : {}),
    }),
  );
  return csrf.cookies.length > 0 ? { ...reply, cookies: csrf.cookies } : reply;
}

export const handler = middy(lambdaHandler).use(observed.middleware()).use(httpErrors(observed.telemetry));
