import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { decide } from "../app/workflow/decide";
import { stageName } from "../app/workflow/notify";
import { notice } from "../shared/html/layout";
import { httpErrors } from "../shared/http/errors";
import { refusalPage } from "../shared/http/link-pages";
import { linkParams } from "../shared/http/link-params";
import { readFormBody } from "../shared/http/request";
import { html } from "../shared/http/responses";
import { identifyCaller } from "../shared/identity";
import { approvalReader } from "../wiring/approvals";
import { caseWriter } from "../wiring/case-writes";
import { caseReader } from "../wiring/cases";
import { systemClock } from "../wiring/clock";
import { directory } from "../wiring/directory";
import { links } from "../wiring/links";
import { observe } from "../wiring/observe";
import { taskAnswers } from "../wiring/task-answers";

const observed = observe("approval-decision");
const depsReady = links().then((keys) => ({
  cases: caseReader(),
  caseWrites: caseWriter("approvalSettling"),
  approvals: approvalReader(),
  directory: directory(),
  links: keys,
  taskAnswers: taskAnswers(),
  ...systemClock,
  telemetry: observed.telemetry,
}));

/** POST /approvals/{approvalId}: the only way a person decides a stage. */
async function lambdaHandler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const deps = await depsReady;
  const read = readFormBody(event);
  if (!read.ok) return read.response;
  const form = read.value;
  const link = linkParams(event, form);
  const outcome = await decide(
    deps,
    link,
    {
      decision: form.get("decision") ?? "",
      comment: form.get("comment") ?? "",
      csrf: form.get("csrf") ?? "",
    },
    identifyCaller(event, deps.directory),
  );
  if (outcome.kind !== "RECORDED") {
    observed.telemetry.info("decision refused", { approvalId: link.approvalId, refusal: outcome.kind });
    return refusalPage(outcome);
  }
  const stage = stageName(link.stage);
  const text =
    outcome.stageOutcome === "pending"
      ? `Your vote "${outcome.decision}" is recorded. The committee decides once enough members have voted.`
      : `Your decision "${outcome.decision}" is recorded. ${stage}: ${outcome.stageOutcome}.`;
  return html(200, notice("good", "Decision recorded", text));
}

export const handler = middy(lambdaHandler).use(observed.middleware()).use(httpErrors(observed.telemetry));
