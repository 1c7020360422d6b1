import { randomBytes } from "node:crypto";
import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { formReply, notAnRm, rmBranches } from "../shared/application-form/respond";
import { emptyForm } from "../shared/application-form/values";
import { httpErrors } from "../shared/http/errors";
import { problem } from "../shared/http/responses";
import { identifyCaller } from "../shared/identity";
import { directory } from "../wiring/directory";
import { observe } from "../wiring/observe";

const observed = observe("application-form");
const deps = { directory: directory() };

/** GET /cases/new: an empty application form for a relationship manager. Reads nothing, stores nothing. */
async function lambdaHandler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const caller = identifyCaller(event, deps.directory);
  if (!caller) return problem(401, "UNAUTHENTICATED", "sign in to file an application");
  const branches = rmBranches(deps.directory, caller);
  if (branches.length === 0) return notAnRm(caller);
  const state = emptyForm();
  // A fresh id the RM may keep or replace with the core banking system's.
  state.values.set(
    "applicationId",
    `APP-${new Date().getUTCFullYear()}-${randomBytes(4).toString("hex").toUpperCase()}`,
  );
  if (branches.length === 1 && branches[0]) state.values.set("branch", branches[0]);
  return formReply(event, deps.directory, caller, state, 200, {});
}

export const handler = middy(lambdaHandler).use(observed.middleware()).use(httpErrors(observed.telemetry));
