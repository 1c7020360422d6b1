import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { csvLines, jsonLines, MAX_BATCH_LINES } from "../app/monitoring/batch-lines";
import { recordBatch } from "../app/monitoring/record-batch";
import { httpErrors } from "../shared/http/errors";
import { readTextBody } from "../shared/http/request";
import { json, problem } from "../shared/http/responses";
import { identifyCaller } from "../shared/identity";
import { caseReader } from "../wiring/cases";
import { systemClock } from "../wiring/clock";
import { creditWriter } from "../wiring/credit-writes";
import { creditReader } from "../wiring/credits";
import { directory } from "../wiring/directory";
import { monitoringSecondsPerDay } from "../wiring/monitoring-clock";
import { observe } from "../wiring/observe";

const observed = observe("record-snapshots");
const deps = {
  cases: caseReader(),
  credits: creditReader(),
  creditWrites: creditWriter(),
  directory: directory(),
  secondsPerDay: monitoringSecondsPerDay(),
  ...systemClock,
  telemetry: observed.telemetry,
};

const JSONL = ["application/x-ndjson", "application/jsonl", "application/json-lines"];
const CSV = "text/csv";

/**
 * POST /loans/snapshots: the monthly upload, JSON lines or CSV, each line with the `caseId` of its
 * credit; answered line by line (recorded, duplicate, or refused with its problems by JSON path).
 */
async function lambdaHandler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const caller = identifyCaller(event, deps.directory);
  if (!caller) return problem(401, "UNAUTHENTICATED", "sign in to upload snapshots");
  const body = readTextBody(event, [...JSONL, CSV]);
  if (!body.ok) return body.response;
  const lines = body.value.type === CSV ? csvLines(body.value.text) : jsonLines(body.value.text);
  if (!Array.isArray(lines))
    return problem(400, "BAD_CSV", `line ${lines.line}: ${lines.message}`, [
      { path: "$", message: lines.message },
    ]);
  if (lines.length === 0) return problem(400, "EMPTY_BATCH", "the upload holds no snapshot");
  if (lines.length > MAX_BATCH_LINES)
    return problem(
      413,
      "BATCH_TOO_LARGE",
      `an upload holds at most ${MAX_BATCH_LINES} snapshots (got ${lines.length})`,
    );
  return json(200, await recordBatch(deps, lines, caller));
}

export const handler = middy(lambdaHandler).use(observed.middleware()).use(httpErrors(observed.telemetry));
