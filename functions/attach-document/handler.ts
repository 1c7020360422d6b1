import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { attachDocument } from "../app/workflow/documents";
import { notice } from "../shared/html/layout";
import { httpErrors } from "../shared/http/errors";
import { html, problem } from "../shared/http/responses";
import { identifyCaller } from "../shared/identity";
import { CSRF_FIELD, csrfMatches } from "../shared/session";
import { caseWriter } from "../wiring/case-writes";
import { caseReader } from "../wiring/cases";
import { systemClock } from "../wiring/clock";
import { directory } from "../wiring/directory";
import { documentWrites } from "../wiring/document-writes";
import { observe } from "../wiring/observe";

const observed = observe("attach-document");
const deps = {
  cases: caseReader(),
  caseWrites: caseWriter(),
  directory: directory(),
  documentWrites: documentWrites(),
  ...systemClock,
  telemetry: observed.telemetry,
};

/** The multipart form around the file: its fields and boundaries are far smaller than this. */
const FORM_OVERHEAD_BYTES = 16 * 1024;

const refused = (status: number, caseId: string, text: string) =>
  html(
    status,
    notice("bad", "The document was not attached", `${text}. Go back to case ${caseId} and try again.`),
  );

/**
 * POST /cases/{id}/documents: a file from the case page's form (multipart, no script). It is checked
 * (type by its first bytes, size from configuration), stored, and recorded with its SHA-256.
 */
async function lambdaHandler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const caller = identifyCaller(event, deps.directory);
  if (!caller) return problem(401, "UNAUTHENTICATED", "sign in to attach documents");
  const caseId = event.pathParameters?.id ?? "";
  const type = event.headers?.["content-type"] ?? "";
  if (!type.toLowerCase().startsWith("multipart/form-data"))
    return refused(415, caseId, "Documents are sent by the form on the case page (multipart/form-data)");
  const body = Buffer.from(event.body ?? "", event.isBase64Encoded ? "base64" : "utf8");
  if (body.length > deps.documentWrites.maxBytes + FORM_OVERHEAD_BYTES)
    return refused(
      413,
      caseId,
      `The file is larger than ${deps.documentWrites.maxBytes.toLocaleString("en-US")} bytes`,
    );
  let form: FormData;
  try {
    form = await new Response(body, { headers: { "content-type": type } }).formData();
  } catch {
    return refused(400, caseId, "The form could not be read");
  }
  const csrf = form.get(CSRF_FIELD);
  if (!csrfMatches(event, new URLSearchParams({ [CSRF_FIELD]: typeof csrf === "string" ? csrf : "" })))
    return refused(403, caseId, "The form had expired or did not come from this site");
  const file = form.get("file");
  if (!(file instanceof Blob)) return refused(400, caseId, "Choose a file to attach");
  const outcome = await attachDocument(deps, caseId, caller, {
    name: "name" in file && typeof file.name === "string" ? file.name : "",
    contentType: file.type,
    bytes: new Uint8Array(await file.arrayBuffer()),
  });
  switch (outcome.kind) {
    case "ATTACHED":
      return {
        statusCode: 303,
        headers: { location: `/cases/${encodeURIComponent(caseId)}#documents`, "cache-control": "no-store" },
        body: "",
      };
    case "INVALID":
      return refused(400, caseId, `Not attached: ${outcome.message}`);
    case "FORBIDDEN":
      return refused(403, caseId, outcome.message);
    case "NOT_FOUND":
      return refused(404, caseId, outcome.message);
  }
}

export const handler = middy(lambdaHandler).use(observed.middleware()).use(httpErrors(observed.telemetry));
