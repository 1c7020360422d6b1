import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { recordSnapshot } from "../app/monitoring/record-snapshot";
import { httpErrors } from "../shared/http/errors";
import { readJsonBody } from "../shared/http/request";
import { json, problem } from "../shared/http/responses";
import { identifyCaller } from "../shared/identity";
import { caseReader } from "../wiring/cases";
import { systemClock } from "../wiring/clock";
import { creditWriter } from "../wiring/credit-writes";
import { creditReader } from "../wiring/credits";
import { directory } from "../wiring/directory";
import { monitoringSecondsPerDay } from "../wiring/monitoring-clock";
import { observe } from "../wiring/observe";

const observed = observe("record-snapshot");
const deps = {
  cases: caseReader(),
  credits: creditReader(),
  creditWrites: creditWriter(),
  directory: directory(),
  secondsPerDay: monitoringSecondsPerDay(),
  ...systemClock,
  telemetry: observed.telemetry,
};

/**
 * POST /loans/{caseId}/snapshots: one monitoring snapshot of an approved credit, answered with its
 * warning (201 recorded, 200 when that snapshot id was recorded before) or every problem by JSON path.
 */
async function lambdaHandler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const caller = identifyCaller(event, deps.directory);
  if (!caller) return problem(401, "UNAUTHENTICATED", "sign in to record a snapshot");
  const body = readJsonBody(event);
  if (!body.ok) return body.response;
  const caseId = event.pathParameters?.caseId ?? "";
  const out = await recordSnapshot(deps, caseId, body.value, caller);
  switch (out.kind) {
    case "RECORDED": {
      const { kind: _, ...view } = out;
      return json(out.duplicate ? 200 : 201, view);
    }
    case "INVALID":
      return problem(400, "INVALID_SNAPSHOT", "the snapshot is invalid; nothing was recorded", out.errors);
    case "NOT_FOUND":
      return problem(404, "NOT_FOUND", `no case ${out.caseId}`);
    case "FORBIDDEN":
      return problem(403, "FORBIDDEN", out.message);
    case "NOT_APPROVED":
      return problem(
        409,
        "NOT_APPROVED",
        `case ${out.caseId} is ${out.status}: only an approved credit is monitored`,
      );
  }
}

export const handler = middy(lambdaHandler).use(observed.middleware()).use(httpErrors(observed.telemetry));
