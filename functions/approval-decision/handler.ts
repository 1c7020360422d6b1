import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { checkDecisionForm, type DecisionChoice, normalizeText } from "../../domain";
import { verifyCsrf } from "../app/links";
import { checkLink, decide } from "../app/workflow/decide";
import { approvalPage, offeredChoices } from "../shared/html/approval-page";
import { confirmPage, decidedPage } from "../shared/html/decision-pages";
import { httpErrors } from "../shared/http/errors";
import { refusalPage } from "../shared/http/link-pages";
import { decisionFormTarget, linkParams } from "../shared/http/link-params";
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
type HandlerDeps = Awaited<typeof depsReady>;

/**
 * The first POST of the form: checks the link, the CSRF token and the form, then shows a confirm
 * page (nothing recorded). A refused form comes back as the decision page with the message next to
 * the field and what was typed kept.
 */
async function preview(
  deps: HandlerDeps,
  event: APIGatewayProxyEventV2,
  form: URLSearchParams,
): Promise<APIGatewayProxyStructuredResultV2> {
  const link = linkParams(event, form);
  const checked = await checkLink(deps, link, identifyCaller(event, deps.directory));
  if (checked.kind !== "OK") return refusalPage(checked);
  if (!verifyCsrf(link.approvalId, link.sig, form.get("csrf") ?? "", deps.links.signingKey()))
    return refusalPage({
      kind: "BAD_REQUEST",
      message: "the form has expired or was not sent from the approval page; reopen the link",
    });
  const loaded = await deps.cases.load(checked.approval.caseId);
  if (!loaded) return refusalPage({ kind: "NOT_FOUND" });
  const target = decisionFormTarget(link, deps.links.signingKey());
  const decision = form.get("decision") ?? "";
  const comment = form.get("comment") ?? "";
  const offered = offeredChoices(checked.approval.stage);
  const result = checkDecisionForm(checked.approval.stage, { decision, comment });
  const problem = !result.ok
    ? result.error
    : offered.includes(decision as DecisionChoice)
      ? undefined
      : { field: "decision" as const, message: "abstaining and recusing cannot be recorded here yet" };
  if (problem) {
    observed.telemetry.info("decision form refused", { approvalId: link.approvalId, field: problem.field });
    const page = approvalPage(loaded.state, loaded.events, checked.approval, target, {
      decision,
      comment,
      problem,
    });
    return html(400, page);
  }
  const normalized = normalizeText(comment);
  return html(
    200,
    confirmPage(loaded.state, checked.approval.stage, decision as DecisionChoice, normalized, {
      action: target.action,
      fields: { ...target.hidden, csrf: target.csrf, decision, comment: normalized },
      back: target.back,
    }),
  );
}

/** POST /approvals/{approvalId}: the only way a person decides a stage, after confirming. */
async function lambdaHandler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const deps = await depsReady;
  const read = readFormBody(event);
  if (!read.ok) return read.response;
  const form = read.value;
  if (form.get("confirm") !== "yes") return preview(deps, event, form);
  const link = linkParams(event, form);
  const decision = form.get("decision") ?? "";
  const outcome = await decide(
    deps,
    link,
    { decision, comment: form.get("comment") ?? "", csrf: form.get("csrf") ?? "" },
    identifyCaller(event, deps.directory),
  );
  if (outcome.kind !== "RECORDED") {
    observed.telemetry.info("decision refused", { approvalId: link.approvalId, refusal: outcome.kind });
    return refusalPage(outcome);
  }
  const loaded = await deps.cases.load((await deps.approvals.get(link.approvalId))?.caseId ?? "");
  if (!loaded) return refusalPage({ kind: "NOT_FOUND" });
  return html(
    200,
    decidedPage(
      loaded.state,
      link.stage,
      decision as DecisionChoice,
      normalizeText(form.get("comment") ?? ""),
      outcome.stageOutcome,
    ),
  );
}

export const handler = middy(lambdaHandler).use(observed.middleware()).use(httpErrors(observed.telemetry));
